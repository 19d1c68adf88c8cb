"""监管事项库: the supervision-item catalog (主项, 子项, 检查项)."""
