"""Code answers for the check tests: a right one per reference, and wrong ones with the check each must fail."""

from __future__ import annotations

BLOCK = '''
import torch.nn as nn
import torch.nn.functional as F

class {name}(nn.Module):
    def __init__(self, c_in, c_out, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut = nn.Identity()
        if {project}:
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, {k}, stride, {pad}, bias=False),
                                          nn.BatchNorm2d(c_out))

    def forward(self, x):
        {detach}out = F.relu(self.bn1(self.conv1(x)))
        out = {branch}
        return {ret}
'''
RIGHT_BLOCK = dict(project="stride != 1 or c_in != c_out", k=1, pad=0, detach="", branch="self.bn2(self.conv2(out))",
                   ret="F.relu(out + self.shortcut(x))")


def block(name: str = "BasicBlock", **changes: str) -> str:
    """The basic block with some parts changed (a wrong implementation)."""
    return BLOCK.format(name=name, **{**RIGHT_BLOCK, **changes})


BLOCK_WRONG = {  # a mistake -> (code, the checks it must fail)
    "no projection on stride 2": (block(project="False"),  # the add fails on stride 2
                                  {"output_shape", "params", "shortcut", "relu_after_add", "gradient"}),
    "ReLU before the add": (block(branch="F.relu(self.bn2(self.conv2(out)))"), {"relu_after_add"}),
    "no ReLU at all after the add": (block(ret="out + self.shortcut(x)"), {"relu_after_add"}),
    "3x3 projection": (block(k=3, pad=1), {"params", "shortcut"}),
    "projection always": (block(project="True"), {"params", "shortcut"}),
    "input detached": (block(detach="x = x.detach()\n        "), {"gradient"}),
}

HSWISH = '''
import torch.nn.functional as F

def hswish(x):
    return {body}
'''
HSWISH_WRONG = {
    "constant 3 instead of 6": (HSWISH.format(body="x * F.relu6(x + 3) / 3"), {"equals_reference"}),
    "hard sigmoid only": (HSWISH.format(body="F.relu6(x + 3) / 6"), {"equals_reference"}),
    "swish, not hard": (HSWISH.format(body="x * torch.sigmoid(x)"), {"equals_reference"}),
    "in place on x": (HSWISH.format(body="x.mul_(F.relu6(x + 3) / 6)"), {"not_in_place", "gradient"}),
    "detached": (HSWISH.format(body="x.detach() * F.relu6(x.detach() + 3) / 6"), {"gradient"}),
}

SE = '''
import torch
import torch.nn as nn

class SE(nn.Module):
    def __init__(self, c, r=16):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(nn.Conv2d(c, c // r, 1), nn.ReLU(), nn.Conv2d(c // r, c, 1))
        self.fixed = nn.Parameter(torch.zeros(1, c, 1, 1))

    def forward(self, x):
        s = {gate}
        return {ret}
'''
RIGHT_SE = dict(gate="torch.sigmoid(self.fc(self.pool(x)))", ret="x * s")


def se(**changes: str) -> str:
    return SE.format(**{**RIGHT_SE, **changes})


SE_WRONG = {
    "softmax gates": (se(gate="torch.softmax(self.fc(self.pool(x)), dim=1)"), {"gates_not_softmax"}),
    "fixed gates": (se(gate="torch.sigmoid(self.fixed + 0 * x.mean())"), {"input_dependent"}),
    "returns the gates": (se(ret="s"), {"output_shape", "scales_input", "gates_in_unit", "gates_not_softmax",
                                        "input_dependent"}),
    "no squeeze (a gate per pixel)": (se(gate="torch.sigmoid(self.fc(x))"), {"scales_input"}),
    "ReLU gates": (se(gate="torch.relu(self.fc(self.pool(x))) * 4"), {"gates_in_unit"}),
}

SHUFFLE = '''
import torch

def channel_shuffle(x, groups):
    b, c, h, w = x.shape
    {body}
'''
SHUFFLE_WRONG = {
    "no transpose": (SHUFFLE.format(body="return x.view(b, groups, c // groups, h, w).reshape(b, c, h, w)"),
                     {"equals_reference"}),
    "groups and channels swapped": (SHUFFLE.format(
        body="return x.view(b, c // groups, groups, h, w).transpose(1, 2).reshape(b, c, h, w)"),
        {"equals_reference"}),
    "random permutation": (SHUFFLE.format(body="return x[:, torch.randperm(c)]"), {"equals_reference"}),
    "not flattened back": (SHUFFLE.format(body="return x.view(b, groups, c // groups, h, w).transpose(1, 2)"),
                           {"output_shape", "equals_reference"}),
}

WRONG = {
    "resnet-implement-block": BLOCK_WRONG,
    "resnet-implement-downsampling-block": {k: (c.replace("BasicBlock", "ResBlock"), f)
                                            for k, (c, f) in BLOCK_WRONG.items()},
    "hard-swish-implement": HSWISH_WRONG,
    "se-block-what": SE_WRONG,
    "se-block-describe": SE_WRONG,
    "channel-shuffle": SHUFFLE_WRONG,
}
