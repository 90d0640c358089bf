// Voting: ballots, tally rules, results.
