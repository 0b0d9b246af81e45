"""README.txt of a run folder: what each file is, with the unit of every column.

A run folder outlives the person who made it: it is mailed to another team,
opened in a spreadsheet a year later. So every folder `gusu run --out` writes
says in plain text what its files are and what each column means, in the
units the column names carry (*_kmh, *_min, *_veh, cars, persons). The texts
live here, once, for a single run and for a folder of replications.
"""

from __future__ import annotations

from sim.runs.figures import DAY_FIGURES, RunSummary

DAILY_COLUMNS: dict[str, str] = {
    "date": "the simulated day (ISO date)",
    "day_type": "workday, weekend or holiday",
    "old_town_speed_kmh": "space-mean speed on the old town's arterials, 07:00-19:00 (km/h; empty when nothing drove there)",
    "gusu_speed_kmh": "the same over the Gusu district (km/h)",
    "nonlocal_share": "share of old-town traffic with non-Suzhou plates, 0-1 (workdays: the 07-09 and 16:30-18:30 peaks; "
                      "other days: 07:00-19:00)",
    "ring_A_speed_kmh": "space-mean speed inside ring A, 07:00-19:00 (km/h)",
    "ring_B_speed_kmh": "likewise ring B (km/h)",
    "ring_C_speed_kmh": "likewise ring C (km/h)",
    "ring_D_speed_kmh": "likewise ring D (km/h)",
    "vehicles_generated": "vehicles released onto the network that day (veh)",
    "transfers": "transfers on the park-and-ride service (persons, by the scenario's counting rule)",
    "diverted_cars": "self-drive tourist cars diverted to a transfer centre, at a gate or after searching (cars)",
    "diverted_at_gate": "of those, diverted at a ring gate (cars)",
    "diverted_after_search": "of those, diverted after searching for parking (cars)",
    "cars_parked_at_transfer_centres": "cars that parked at a transfer centre (cars)",
    "cars_parked_in_old_town": "cars that parked inside the old town (cars)",
    "park_and_ride_by_choice": "cars that chose park-and-ride without being diverted (cars)",
    "turned_away": "cars refused at a gate with nowhere to go (cars)",
    "walk_up_persons": "tourists who reached a transfer centre without a car (persons)",
    "boardings_to_stop": "shuttle boardings towards the attractions (persons)",
    "boardings_to_centre": "shuttle boardings back to the transfer centres (persons)",
    "shuttle_wait_min": "mean wait for a shuttle (min)",
    "parking_search_min": "mean time spent searching for parking (min)",
    "parking_search_car_h": "time tourists' cars spent cruising for a space, summed (car-hours)",
    "tourist_cars_arriving_in_old_town": "arrivals of tourist cars at an old-town zone; a car that moves on counts again (cars)",
    "cars_to_other_centre": "cars whose plan failed and that drove on to another transfer centre with space (cars)",
    "cars_parked_outside_walked": "cars whose plan failed and that parked in the nearest zone they may enter, then walked (cars)",
    "cars_parked_at_kerb": "cars whose plan failed and that searched longer and parked at the kerb (cars)",
    "cars_to_other_attraction": "cars whose plan failed and that drove to another attraction (cars)",
    "cars_gone_home": "cars whose plan failed and that gave up the visit and drove home (cars)",
}
assert set(DAILY_COLUMNS) == set(DAY_FIGURES)  # a new daily figure must be explained here

TIMESERIES_COLUMNS = """\
  day, date               the day's index from 0, and its date
  time, t_end_s           the bin's start (HH:MM) and its end in seconds from the first midnight (s)
  speed_<area>_kmh        space-mean speed in the bin (km/h; empty when nothing drove there); area = old_town, gusu, A-D
  in_ring_<ring>_veh      vehicles inside the ring at the bin's end (veh)
  gate_inflow_<ring>_veh  vehicles that entered the ring in the bin (veh)
  gate_queue_<ring>_veh   vehicles waiting at the ring's gates at the bin's end (veh)
  centre_<id>_cars        cars parked at transfer centre <id> (cars)
  centre_<id>_queue_persons  persons waiting for its shuttle (persons)
  parking_<zone>_cars     cars parked in the old-town zone <zone> (cars)
  rings_in_force          the rings in force in the bin (letters, empty for none)"""


def _columns() -> str:
    width = max(len(k) for k in DAILY_COLUMNS)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in DAILY_COLUMNS.items())


def _head(run: RunSummary, version: str) -> str:
    first, last = run.daily[0].date, run.daily[-1].date
    return (f"scenario: {run.scenario.name}, fingerprint of the scenario as run (resolved sha256) {run.scenario.resolved_sha256}\n"
            f"days: {len(run.daily)} ({first} to {last}); Gusu {version}\n"
            f"published figures compared with: {run.published.title} ({run.published.source})\n")


def run_readme(run: RunSummary, version: str, scenario_file: str) -> str:
    """README.txt of `gusu run --out`."""
    return f"""Gusu run folder: what each file is
{_head(run, version)}seed: {run.seed}

summary.json            the run as one JSON object: the scenario (file name, sha256 of its bytes, resolved
                        sha256), seed, conservation of cars (veh), the day-by-day figures (as daily.csv),
                        totals over the days with the peak days, and the published figures with their sources
daily.csv               one row per simulated day; the columns:
{_columns()}
timeseries.csv          one row per 15-minute bin of simulated time; the columns:
{TIMESERIES_COLUMNS}
scenario_as_run_{scenario_file}
                        the scenario file as it was opened, byte for byte
scenario_resolved.toml  the scenario with `extends` merged and defaults filled in (network.file relative to
                        the folder named in its header)

`gusu report` (this folder) makes an HTML report of it; `gusu pack SCENARIO --run` (this folder) bundles it.
"""


def replications_readme(run: RunSummary, seeds: list[int], version: str) -> str:
    """README.txt of `gusu run --replications N --out`."""
    return f"""Gusu replications folder: one scenario run with {len(seeds)} seeds; what each file is
{_head(run, version)}seeds: {", ".join(str(s) for s in seeds)}

summary.json            every daily figure and total as mean, 95% confidence interval of the mean
                        (t distribution over the seeds) and the value of each seed, in the units below
daily.csv               one row per simulated day: for each figure F of a run's daily.csv, F_mean,
                        F_ci95_low and F_ci95_high (the interval is empty with one value)
runs/seedN.json         each seed's run, signed (sha256 over its content, the scenario's fingerprint,
                        the seed and the Gusu version): the same content as a run's summary.json
runs/seedN_daily.csv    each seed's day-by-day figures, the same file as a single run's daily.csv
scenario_resolved.toml  the scenario with `extends` merged and defaults filled in

The figures and their units (daily.csv of one run):
{_columns()}
"""
