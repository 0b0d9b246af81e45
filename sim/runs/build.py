"""From a scenario to a model ready to run: the one place where that happens.

A scenario names a network file and says what it changes on it (closed
segments, one-way links, road works). Every consumer that needs the network as
the model drives it (a run, a worker on a cluster, the window's map, the SUMO
export) gets it from `scenario_network`, and every run builds its model with
`build_model`, so the CLI, the window, sweeps and calibration cannot drift
apart. A model that cannot be built from a valid scenario (a key naming a
segment or zone the network lacks) raises `BuildError`, whose message names the
file and the key.
"""

from __future__ import annotations

from pathlib import Path

from sim.engine.network import Network, NetworkError, NetworkSpec, build_network, load_network, modified
from sim.oldtown.model import Model
from sim.scenario.schema import Scenario


class BuildError(ValueError):
    """A scenario whose model cannot be built; the message names the file and the key."""


def scenario_network(scenario: Scenario, base_dir: Path | None = None, spec: NetworkSpec | None = None, name: str = "network") -> Network:
    """The scenario's network with its closures, one-way rules and works applied.

    The base network comes from `spec` when given (a run sent whole to a worker),
    otherwise from the scenario's network file under `base_dir`."""
    base = build_network(spec, name) if spec is not None else load_network((base_dir or Path(".")) / scenario.network.file)
    nw = scenario.network
    return modified(base, nw.closed_segments, nw.one_way_links, [(w.segments, w.capacity_factor) for w in nw.works], source=scenario.name)


def build_model(scenario: Scenario, file_name: str, seed: int | None = None, base_dir: Path | None = None,
                spec: NetworkSpec | None = None) -> Model:
    """The model of one run. NetworkError for a broken network file (it names itself), BuildError for a key
    of the scenario file `file_name` that names what the network lacks."""
    try:
        net = scenario_network(scenario, base_dir, spec, file_name)
    except NetworkError as exc:
        prefix = f"{scenario.name}: "
        text = str(exc)
        if text.startswith(prefix):  # a scenario key (network.closed_segments[i]) naming a missing segment
            raise BuildError(f"{file_name}: {text.removeprefix(prefix)}") from None
        raise
    try:
        return Model(scenario, net, seed=seed)
    except ValueError as exc:  # a transfer centre or attraction naming a zone the network lacks
        raise BuildError(f"{file_name}: {exc}") from None
