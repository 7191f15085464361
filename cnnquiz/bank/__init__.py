"""The question bank: schema (check vocabulary included), safe YAML loading and validation with file:line errors."""

from cnnquiz.bank.loader import Bank, load_bank, load_dir
from cnnquiz.bank.schema import (
                                 TOPICS,
                                 Claim,
                                 ClaimKind,
                                 ClaimUnit,
                                 Difficulty,
                                 KeyPoint,
                                 Misconception,
                                 Question,
                                 Source,
)

__all__ = ["TOPICS", "Bank", "Claim", "ClaimKind", "ClaimUnit", "Difficulty", "KeyPoint", "Misconception",
           "Question", "Source",
           "load_bank", "load_dir"]
