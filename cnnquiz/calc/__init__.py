"""The calculator: closed-form formulas, counting on real torch modules, layer and block reports, scaling tables, JSON shapes."""
