"""Lead scoring: compiled models, explanations, bulk rescoring, decay, backtests, calibration."""

from tessera.runtime.scoring.engine import explain_record, model_for, rescore
from tessera.runtime.scoring.model import Explanation, ScoringModel, compile_model

__all__ = ["Explanation", "ScoringModel", "compile_model", "explain_record", "model_for", "rescore"]
