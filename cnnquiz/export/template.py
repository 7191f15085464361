"""The commented question template that `cnnquiz bank new FILE` writes (valid as written)."""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path

from cnnquiz.bank.schema import TOPICS
from cnnquiz.errors import CnnquizError, UsageError

SUFFIXES = (".yaml", ".yml")

TEMPLATE = """\
# A cnnquiz deck of your own. Check it:     cnnquiz bank check {folder}
# Quiz it with the built-in bank:            cnnquiz --bank {folder} practice
# ... or alone:                              cnnquiz --bank {folder} --only practice
# (or set CNNQUIZ_BANK={folder} once). Every *.yaml file in the folder is read.
# The text after `#` is a comment; edit the example below and add more entries under `questions:`.

questions:
  - id: {qid:<27}# unique slug: lowercase letters, digits, dashes
    source: {{document: {document}, number: 1}}   # where it comes from (a file, a book...) and its number
    question: What does a 1x1 convolution do in a bottleneck block?
    topics: [resnet, design]       # one or more topics from the list at the end of this file
    difficulty: medium             # easy, medium or hard
    # related: [another-id]        # optional: ids of related questions (yours or built-in ones)
    answer: |
      A 1x1 convolution mixes channels at every pixel without looking at neighbours. In a ResNet
      bottleneck the first 1x1 reduces the channels (256 -> 64) so the 3x3 convolution runs on fewer
      channels, and the last 1x1 expands them back, which makes deep networks much cheaper.
    key_points:                    # 3 to 6 points, each earned by one of its phrases or by saying its statement
      - label: mixes channels per pixel          # what the verdict shows
        statement: a 1x1 convolution mixes the channels at each pixel without looking at its neighbours
        core: true                 # an answer with every core point passes (about 70/100); details add the rest
        phrases: [mixes channels, channel mixing, cross-channel, across channels]
      - label: reduces then restores the channel count
        statement: the first 1x1 reduces the channels and the last one restores them
        core: true
        phrases: [reduces the channels, fewer channels, reduce and restore, 256 -> 64]
      - label: makes the 3x3 conv cheaper
        statement: the 3x3 convolution runs on fewer channels, so the block needs far fewer multiply-adds
        weight: 1                  # optional: a detail worth more than the others (default 1)
        phrases: [cheaper 3x3, fewer parameters, fewer flops, less computation]
    misconceptions:                # optional: confident wrong answers, each costs points and shows its correction
      - claim: the 1x1 convolutions enlarge the receptive field
        phrases: [1x1 enlarges the receptive field]   # optional: words, in this order, that signal the claim
        correction: a 1x1 convolution sees one pixel; only the 3x3 grows the receptive field
    # claims:                      # optional: numbers the answer states, checked by `cnnquiz verify`
    #   - what: params             # params, macs, flops, top1, top5, top1_error, receptive_field, ratio, resolution, value
    #     model: resnet50          # a torchvision model name (or `example:` with a `kind:`)
    #     value: 25.6e6            # base units: 25.6e6, not 25.6
    #     unit: count              # count, MACs, FLOPs, percent, x, px
    #     tolerance: 0.02
    #     convention: {{name: NAME}}  # optional: resnet-v1, macs-vs-flops, paper-weights ... (README: claims)
    #     source: "He et al. 2016, Table 1"   # a citation; required when nothing can measure the claim
    # check:                       # optional: run the answer's code against a reference (README: Writing your own questions)
    #   reference: basic_block     # hard_swish, basic_block, se_block or channel_shuffle
    #   define: [BasicBlock]       # the class or function the answer must define
    #   cases:                     # constructor args and an input shape, one or more
    #     - {{args: [16, 32, 2], input: [2, 16, 8, 8]}}
    #   optional: false            # true: prose alone is also fine; code, when given, is run

# Topics:
{topics}
"""


@dataclass(frozen=True)
class NewDeck:
    """A written template: its path and the id of its example question."""

    path: Path
    question_id: str


def _topic_comment() -> str:
    names = ", ".join(TOPICS)
    return "\n".join("#   " + line for line in textwrap.wrap(names, width=96))


def question_id_for(path: Path) -> str:
    """The example's id, from the file name (practice.yaml -> practice-q1), so two templates never clash."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my"
    return f"{slug}-q1"


def render_template(path: Path) -> str:
    """The template text for a file at `path`."""
    folder = shlex.quote(str(path.parent))
    return TEMPLATE.format(folder=folder, qid=question_id_for(path), document=json.dumps(path.name),
                           topics=_topic_comment())


def write_template(path: Path) -> NewDeck:
    """Write the template to a new .yaml file (parent folders created), whole or not at all; never overwrite."""
    path = Path(path)
    if path.suffix not in SUFFIXES:
        raise UsageError(f"{path}: a bank file must end in .yaml or .yml (only those are read)")
    if path.exists():
        raise UsageError(f"{path} already exists; choose another name (cnnquiz never overwrites a deck)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from cnnquiz.paths import create_file

        create_file(path, render_template(path).encode("utf-8"))
    except FileExistsError:
        raise UsageError(f"{path} already exists; choose another name (cnnquiz never overwrites a deck)") from None
    except OSError as exc:
        raise CnnquizError(f"cannot write {path}: {exc.strerror or exc}") from None
    return NewDeck(path, question_id_for(path))
