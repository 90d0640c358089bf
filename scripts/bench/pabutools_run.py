"""Runs one rule of pabutools 1.2.3 on one Pabulib file and prints the winners, one id a line.

The rule names are those of the expected-outcome files (see shared/data/pabulib/README.md).
Used by scripts/bench.sh as the baseline that `civic tally` is timed against.
"""
import sys

from pabutools.election import parse_pabulib, Cost_Sat
from pabutools.rules import (
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
)
from pabutools.tiebreaking import TieBreakingRule


class Reversed(str):
    """A string that sorts in reverse order, for the revlex tie-break."""

    def __lt__(self, other):
        return str.__gt__(self, other)


def run(path, rule):
    instance, profile = parse_pabulib(path)
    if rule == "greedy_cost":
        return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    if rule == "greedy_cost_revlex":
        revlex = TieBreakingRule(lambda inst, prof, p: Reversed(p.name))
        return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, tie_breaking=revlex)
    if rule == "mes_cost":
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    if rule == "mes_cost_add1":
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    if rule == "mes_cost_add1_eqtb":
        eqtb = TieBreakingRule(lambda inst, prof, p: (p.cost, -prof.approval_score(p), p.name))
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1, tie_breaking=eqtb)
    if rule in ("mes_cost_greedy", "mes_cost_add1u"):
        mes_params = {"sat_class": Cost_Sat}
        if rule == "mes_cost_add1u":
            mes_params["voter_budget_increment"] = 1
        return completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [mes_params, {"sat_class": Cost_Sat}])
    if rule == "mes_cost_add1_noexh":
        return exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": Cost_Sat},
            exhaustive_stop=False, budget_step=profile.num_ballots())
    if rule == "phragmen":
        return sequential_phragmen(instance, profile)
    raise SystemExit(f"unknown rule {rule}")


if __name__ == "__main__":
    outcome = run(sys.argv[1], sys.argv[2])
    for project in outcome:
        print(project.name)
