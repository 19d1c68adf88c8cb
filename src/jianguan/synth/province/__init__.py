"""The synthetic province: deterministic feeds of eight departments with ground truth.

`generate(ProvinceConfig(...), out_dir)` writes `feeds/<department>/<record_type>/<batch>.<ext>`,
`truth/*.parquet` and `manifest.json`; see `config.DirtProfile` for the dirt each department adds.
"""

from jianguan.synth.province.config import DEFAULT_DIRT, DirtProfile, ProvinceConfig
from jianguan.synth.province.generator import Progress, generate
from jianguan.synth.province.manifest import Manifest

__all__ = ["DEFAULT_DIRT", "DirtProfile", "Manifest", "Progress", "ProvinceConfig", "generate"]
