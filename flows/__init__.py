"""Prefect flows: orchestration only; every task calls a plain function in ``ipflow``."""
