"""一公开 and 双公示: what the public may see of subjects, inspections and penalties.

An application rather than a library: it reads the 双随机 plans' publication state and the
credit lists through those applications' services, which a library may never import.
"""
