"""Scenario files: the schema, and loading them safely (parse, migrate, validate, build)."""

from sim.scenario.loader import LoadedScenario, ScenarioError, load_scenario

__all__ = ["LoadedScenario", "ScenarioError", "load_scenario"]
