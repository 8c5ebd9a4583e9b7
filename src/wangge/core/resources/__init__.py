"""Marketing resources as plain data: response curves, the allocation optimiser, and the
closed loop (what was spent, what it produced, the input-output ratio).

* ``kinds``: the resource kinds and the two purposes a line serves (the existing base
  and traditional services, or growth: new business and new users);
* ``response``: a unit's expected attributable revenue as a concave, piecewise-linear
  function of what it is given, fitted from its history;
* ``allocate``: the budget of each kind spread over units with HiGHS, integer cents,
  minimums, maximums and the guard rail for the existing base; ``check`` for an
  allocation a person edited;
* ``loop``: the attribution rule and the monthly plan-versus-actual evaluation.
"""
