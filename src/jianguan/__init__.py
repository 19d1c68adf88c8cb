"""jianguan (监管): an open platform for China's 互联网+监管."""

__version__ = "0.1.0"
