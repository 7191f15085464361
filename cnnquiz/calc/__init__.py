"""The calculator: closed-form formulas, the model zoo, counting on real torch modules, receptive fields, scaling."""
