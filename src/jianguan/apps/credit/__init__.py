"""Credit supervision: 经营异常名录 and 严重违法失信名单, A–D risk classes, 信用修复 and 联合惩戒."""
