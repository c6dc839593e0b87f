"""Runs: the engine that drives optimizers over objectives, and the plans and frames around it."""
