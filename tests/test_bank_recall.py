"""Recall of the real bank's rubrics: answers said the way a candidate says them aloud earn the points they make.

The rubric tests (test_bank_rubrics.py) guard precision: model answers earn their rubric, wrong answers and
unrelated answers do not. These answers guard recall: terse keyword lists and conversational answers in plain
words and common abbreviations, written without the model answer's wording, each listed with the rubric labels
it makes. They were used to tune the rubrics, so they join the dev half of benchmarks/grader_eval.py and the
tests here are regression guards on scores (strong answers score well, partial ones below them), not evidence
of how the grader does on answers it has not seen: that is the held-out half's job.
"""

from __future__ import annotations

import pytest

from cnnquiz.bank import load_bank
from cnnquiz.quiz.grader import Grader

BANK = load_bank()

# question id -> strong answers, each with the labels of the points it makes
STRONG: dict[str, list[tuple[str, list[str]]]] = {
    "silu-swish": [
        ("x times sigmoid of x, smooth, non-monotonic, used in EfficientNet",
         ["SiLU(x) = x·sigmoid(x)", "smooth, no kink at zero", "non-monotonic negative dip",
          "used in EfficientNet, YOLO"]),
        ("SiLU, a.k.a. Swish, multiplies the input by its own sigmoid. Unlike ReLU it's smooth and dips slightly "
         "below zero for negative inputs before going back to zero. It's the default activation in EfficientNet and "
         "YOLOv5, gives a small accuracy bump over ReLU but is a bit more expensive to compute.",
         ["SiLU(x) = x·sigmoid(x)", "smooth, no kink at zero", "non-monotonic negative dip",
          "used in EfficientNet, YOLO", "modest gains, costlier than ReLU"]),
        ("Swish = x*sigmoid(x). Smooth, unbounded above, bounded below, not monotonic near zero. Popular since "
         "EfficientNet; a bit slower than ReLU.",
         ["SiLU(x) = x·sigmoid(x)", "smooth, no kink at zero", "non-monotonic negative dip",
          "used in EfficientNet, YOLO", "modest gains, costlier than ReLU"]),
    ],
    "hard-swish-why": [
        ("x * ReLU6(x+3)/6; piecewise-linear approximation of Swish; no exponential so cheap on phones; "
         "quantization friendly; MobileNetV3.",
         ["formula x·ReLU6(x+3)/6", "approximates swish x·σ(x)", "no exponential, cheap on mobile",
          "quantization friendly", "used in MobileNetV3 (deeper layers)"]),
        ("Hard-swish replaces the sigmoid in swish with a hard sigmoid built from ReLU6, so you get almost the same "
         "curve without computing an exp. That matters on mobile CPUs and in int8, which is why MobileNetV3 uses it "
         "in its later layers.",
         ["formula x·ReLU6(x+3)/6", "approximates swish x·σ(x)", "no exponential, cheap on mobile",
          "quantization friendly", "used in MobileNetV3 (deeper layers)"]),
        ("It's x times ReLU6(x+3) divided by 6, a piecewise-linear stand-in for swish that avoids computing exp, "
         "which is slow on phones; MobileNetV3 uses it.",
         ["formula x·ReLU6(x+3)/6", "approximates swish x·σ(x)", "no exponential, cheap on mobile",
          "used in MobileNetV3 (deeper layers)"]),
    ],
    "hard-swish-implement": [
        ("def hswish(x): return x * F.relu6(x + 3) / 6 — or just use nn.Hardswish in PyTorch.",
         ["x * relu6(x + 3) / 6", "a module or function for it", "built-in nn.Hardswish"]),
        ("I'd write a small nn.Module whose forward returns x * relu6(x + 3) / 6; the relu6(x+3)/6 part is the hard "
         "sigmoid. PyTorch also ships nn.Hardswish, which I'd use in practice. Careful not to modify x in place "
         "because autograd needs it.",
         ["x * relu6(x + 3) / 6", "hard-sigmoid = relu6(x+3)/6", "a module or function for it",
          "built-in nn.Hardswish", "in-place safety"]),
        ("class HSwish(nn.Module): forward returns x * F.relu6(x + 3.) / 6. Or use torch's built-in nn.Hardswish.",
         ["x * relu6(x + 3) / 6", "a module or function for it", "built-in nn.Hardswish"]),
    ],
    "mobilenetv3-hard-swish": [
        ("Swish needs a sigmoid, which is expensive on mobile. h-swish = x·ReLU6(x+3)/6, piecewise linear, "
         "quantizes well, about the same accuracy. Only used in the second half of the network.",
         ["swish = x·sigmoid(x) is expensive", "h-swish = x·ReLU6(x+3)/6", "cheap, hardware/quantisation friendly",
          "similar accuracy to swish", "used in deeper layers; h-sigmoid in SE"]),
        ("In V3 they wanted Swish's accuracy but the sigmoid is slow on phones, so they replaced it with "
         "ReLU6(x+3)/6. It's basically as accurate, easier to run in fixed-point, and they only use it in the "
         "deeper layers, where it pays off the most; the SE modules also use a hard sigmoid.",
         ["swish = x·sigmoid(x) is expensive", "h-swish = x·ReLU6(x+3)/6", "cheap, hardware/quantisation friendly",
          "similar accuracy to swish", "used in deeper layers; h-sigmoid in SE"]),
        ("V3 swaps swish for h-swish: x * ReLU6(x + 3) / 6. Sigmoid is costly on mobile chips, the hard version is "
         "basically free and int8-friendly, with no real accuracy drop.",
         ["swish = x·sigmoid(x) is expensive", "h-swish = x·ReLU6(x+3)/6", "cheap, hardware/quantisation friendly",
          "similar accuracy to swish"]),
    ],
    "se-block-why": [
        ("Squeeze: global average pool per channel. Excite: two FC layers with a bottleneck and a sigmoid. Multiply "
         "the channels by those weights. Channel attention, cheap, about 1.5% better top-1 on ResNet-50.",
         ["squeeze = global average pooling", "excitation = FC-ReLU-FC-sigmoid", "scale channels by learned weights",
          "channel attention from global context", "cheap overhead", "accuracy gain ~1.5 points"]),
        ("SE learns how important each channel is. You average-pool the feature map down to a vector, pass it "
         "through a tiny MLP ending in a sigmoid, and rescale each channel with the output. It lets the network use "
         "global context to boost useful features, adds only a few percent parameters, and won ImageNet 2017.",
         ["squeeze = global average pooling", "excitation = FC-ReLU-FC-sigmoid", "scale channels by learned weights",
          "channel attention from global context", "cheap overhead", "accuracy gain ~1.5 points"]),
        ("Pool each feature map to a scalar, pass through FC-ReLU-FC with a sigmoid, multiply the channels by the "
         "result. It's channel attention, adds little compute, and gave about 1.5% top-1 on ResNet-50.",
         ["squeeze = global average pooling", "excitation = FC-ReLU-FC-sigmoid", "scale channels by learned weights",
          "channel attention from global context", "cheap overhead", "accuracy gain ~1.5 points"]),
    ],
    "se-block-what": [
        ("GAP to a C-vector, FC-ReLU-FC-sigmoid with reduction r=16, multiply the feature map channel-wise. The "
         "weights depend on the input. Cheap, used in MobileNetV3 and EfficientNet.",
         ["squeeze by global average pooling", "excitation MLP with sigmoid", "rescale channels (channel attention)",
          "input-dependent gating", "cheap overhead, used in EfficientNet/MobileNetV3"]),
        ("It's a small add-on block: pool each channel to a single number, run that through two fully connected "
         "layers and a sigmoid, and scale the channels by the result. So the channel weighting changes per image, "
         "and it costs very little, which is why MobileNetV3 and EfficientNet include it.",
         ["squeeze by global average pooling", "excitation MLP with sigmoid", "rescale channels (channel attention)",
          "input-dependent gating", "cheap overhead, used in EfficientNet/MobileNetV3"]),
        ("Global average pool each channel, then a bottleneck MLP ending in sigmoid gives per-channel weights that "
         "rescale the feature map, adaptively per input.",
         ["squeeze by global average pooling", "excitation MLP with sigmoid", "rescale channels (channel attention)",
          "input-dependent gating"]),
    ],
    "se-block-explain": [
        ("Channel attention: global avg pool, FC-ReLU-FC-sigmoid, scale the channels; boosts informative channels "
         "and suppresses weak ones.",
         ["channel attention", "squeeze = global average pool", "excitation = small MLP + sigmoid",
          "scale/reweight channels", "emphasise informative channels"]),
        ("SE is a lightweight channel-attention unit. It squeezes the spatial dims with average pooling, uses a "
         "small bottleneck MLP with a sigmoid to produce a weight per channel, then multiplies the feature map so "
         "the useful channels get emphasized.",
         ["channel attention", "squeeze = global average pool", "excitation = small MLP + sigmoid",
          "scale/reweight channels", "emphasise informative channels"]),
        ("It's channel-wise attention: squeeze with global pooling, excite with a two-layer MLP and sigmoid, then "
         "scale each channel so informative ones get boosted.",
         ["channel attention", "squeeze = global average pool", "excitation = small MLP + sigmoid",
          "scale/reweight channels", "emphasise informative channels"]),
    ],
    "se-block-describe": [
        ("Squeeze with global average pooling, excite with FC, ReLU, FC, sigmoid at reduction ratio 16, then scale "
         "the channels. About 10% more params on ResNet-50 for ~1.5 points top-1. Found in MobileNetV3 and "
         "EfficientNet.",
         ["squeeze - global average pooling", "excitation - FC-ReLU-FC-sigmoid, ratio r",
          "rescale channels by learned weights", "cheap add-on with accuracy gain",
          "used in MobileNetV3 / EfficientNet"]),
        ("You pool each channel to one value, feed the vector through a bottleneck of two dense layers with a "
         "sigmoid at the end, and use those numbers to reweight the channels. It's a cheap add-on, SE-ResNet-50 "
         "gets about a point and a half better, and it's standard in mobile nets like MobileNetV3.",
         ["squeeze - global average pooling", "excitation - FC-ReLU-FC-sigmoid, ratio r",
          "rescale channels by learned weights", "cheap add-on with accuracy gain",
          "used in MobileNetV3 / EfficientNet"]),
        ("GAP squeezes HxWxC to C, an FC bottleneck with ratio r and sigmoid produces weights, channels get "
         "rescaled; costs ~10% params on ResNet-50 for a solid accuracy gain; used in MobileNetV3.",
         ["squeeze - global average pooling", "excitation - FC-ReLU-FC-sigmoid, ratio r",
          "rescale channels by learned weights", "cheap add-on with accuracy gain",
          "used in MobileNetV3 / EfficientNet"]),
    ],
    "efficientnet-attention-variants": [
        ("Every MBConv has an SE block: GAP, two 1x1 convs with a sigmoid, rescale channels. EfficientNet-Lite "
         "drops SE for mobile; V2 uses Fused-MBConv in the early stages. Others add spatial attention like CBAM.",
         ["squeeze-and-excitation in each MBConv", "squeeze by global average pooling",
          "excite FCs + sigmoid, rescale channels", "Lite removes SE; V2 Fused-MBConv early",
          "spatial attention variants (CBAM)"]),
        ("The only attention in EfficientNet is squeeze-and-excitation inside each MBConv block: it average-pools "
         "the expanded features, gates each channel with a sigmoid and rescales them. The Lite versions remove SE "
         "because it's awkward for quantized mobile accelerators, and people have tried CBAM or ECA variants too.",
         ["squeeze-and-excitation in each MBConv", "squeeze by global average pooling",
          "excite FCs + sigmoid, rescale channels", "Lite removes SE; V2 Fused-MBConv early",
          "spatial attention variants (CBAM)"]),
        ("EfficientNet only has SE blocks inside MBConv, channel attention via global pooling and a sigmoid gate; "
         "Lite versions remove SE; others try CBAM which adds spatial attention.",
         ["squeeze-and-excitation in each MBConv", "squeeze by global average pooling",
          "excite FCs + sigmoid, rescale channels", "Lite removes SE; V2 Fused-MBConv early",
          "spatial attention variants (CBAM)"]),
    ],
    "convnext-layernorm": [
        ("Copy Transformers; LN doesn't depend on batch size; no running stats so train and eval match; only ~0.1% "
         "gain, mainly simplicity; one LN per block.",
         ["mimic Transformer design", "no batch statistics / batch-size independent",
          "same behaviour in train and eval", "small accuracy gain, mostly simplicity",
          "LN over channels, fewer norm layers"]),
        ("ConvNeXt was modernizing ResNet toward Swin, and Transformers use LayerNorm. LN normalizes each sample "
         "over its channels, so it doesn't care about batch size and behaves the same at training and inference. "
         "The accuracy gain was tiny, it was mostly about simplifying the design.",
         ["mimic Transformer design", "no batch statistics / batch-size independent",
          "same behaviour in train and eval", "small accuracy gain, mostly simplicity",
          "LN over channels, fewer norm layers"]),
        ("To follow the Transformer recipe; LN works per sample so no batch-size dependence and no running stats, "
         "and it was about as good or marginally better than BN.",
         ["mimic Transformer design", "no batch statistics / batch-size independent",
          "same behaviour in train and eval", "small accuracy gain, mostly simplicity"]),
    ],
    "convnext-large-kernels": [
        ("Bigger receptive field per layer; depthwise so cheap; matches Swin's 7x7 window; accuracy saturates at "
         "7x7.",
         ["larger receptive field per layer", "depthwise so cost stays low", "mimics Swin's 7×7 local windows",
          "dw conv moved up, gains saturate at 7"]),
        ("A 7x7 kernel sees a lot more context in one layer, similar to the 7x7 attention windows of Swin "
         "Transformer. Because it's a depthwise conv the extra FLOPs are small. They tried 3 to 11 and gains "
         "flattened at 7. The downside is that large depthwise kernels don't run very efficiently on GPUs.",
         ["larger receptive field per layer", "depthwise so cost stays low", "mimics Swin's 7×7 local windows",
          "dw conv moved up, gains saturate at 7", "hardware cost of large dw kernels"]),
        ("7x7 depthwise convs give a much bigger receptive field, similar to Swin's window size, and since it's "
         "depthwise the FLOP increase is tiny.",
         ["larger receptive field per layer", "depthwise so cost stays low", "mimics Swin's 7×7 local windows"]),
    ],
    "densenet-vs-resnet": [
        ("DenseNet: each layer gets the concatenation of all earlier feature maps instead of a sum; growth rate "
         "k=32; feature reuse, fewer params; memory heavy.",
         ["concatenation vs addition", "each layer connects to all previous", "growth rate k",
          "feature reuse / parameter efficiency", "higher memory cost"]),
        ("In ResNet a block adds its output to the input; in DenseNet every layer's output is concatenated and fed "
         "to all the following layers in the block. Each layer only adds a few channels, so DenseNet-121 has about "
         "8M parameters versus 25M for ResNet-50, but storing all those concatenated maps makes it memory hungry "
         "during training.",
         ["concatenation vs addition", "each layer connects to all previous", "growth rate k",
          "feature reuse / parameter efficiency", "higher memory cost"]),
        ("DenseNet concatenates all previous feature maps as input to each layer instead of adding like ResNet, "
         "uses a small growth rate, reuses features so it has fewer params, but eats memory.",
         ["concatenation vs addition", "each layer connects to all previous", "growth rate k",
          "feature reuse / parameter efficiency", "higher memory cost"]),
    ],
    "densenet-vs-resnet-brief": [
        ("ResNet sums, DenseNet concatenates; reuses features; small growth rate; 8M vs 25.6M params; uses more "
         "memory.",
         ["sum (ResNet) vs concatenation (DenseNet)", "feature reuse", "growth rate, narrow layers",
          "fewer params (8.0M vs 25.6M)", "high activation memory, slower on GPU"]),
        ("ResNet adds the shortcut to the block output, while DenseNet concatenates every previous feature map, so "
         "later layers can directly reuse early features. Layers are narrow, so it's much smaller in parameters, "
         "but it's slow and eats GPU memory.",
         ["sum (ResNet) vs concatenation (DenseNet)", "feature reuse", "growth rate, narrow layers",
          "fewer params (8.0M vs 25.6M)", "high activation memory, slower on GPU"]),
        ("ResNet adds features, DenseNet concatenates them so every layer reuses earlier feature maps; with growth "
         "rate 32 it needs way fewer params but a lot more memory.",
         ["sum (ResNet) vs concatenation (DenseNet)", "feature reuse", "growth rate, narrow layers",
          "fewer params (8.0M vs 25.6M)", "high activation memory, slower on GPU"]),
    ],
    "resnet-vs-densenet": [
        ("ResNet: addition, refines features. DenseNet: concatenation, keeps and reuses all earlier features, ~3x "
         "fewer params, better gradient flow, but higher memory and slower.",
         ["summation vs concatenation", "refine vs preserve and reuse features",
          "DenseNet far fewer params (8.0M vs 25.6M)", "stronger gradient flow / deep supervision",
          "DenseNet higher memory, slower in practice"]),
        ("Both help gradients reach early layers. ResNet merges by adding, so each block just refines the "
         "representation, while DenseNet stacks everything by concatenation so every layer sees all earlier outputs "
         "and gets direct supervision from the loss. DenseNet-121 is about 8 million parameters but in practice "
         "it's slower and uses more memory than ResNet-50.",
         ["summation vs concatenation", "refine vs preserve and reuse features",
          "DenseNet far fewer params (8.0M vs 25.6M)", "stronger gradient flow / deep supervision",
          "DenseNet higher memory, slower in practice"]),
        ("ResNet sums features, DenseNet concatenates everything, which gives strong feature reuse and a third of "
         "the params, but DenseNet is memory-hungry and slower in practice.",
         ["summation vs concatenation", "refine vs preserve and reuse features",
          "DenseNet far fewer params (8.0M vs 25.6M)", "DenseNet higher memory, slower in practice"]),
    ],
    "densenet-feature-reuse": [
        ("ResNet adds, DenseNet concatenates; each layer gets all previous feature maps; growth rate 32; more "
         "parameter-efficient; memory-hungry.",
         ["ResNet adds, DenseNet concatenates", "each layer sees all previous layers",
          "growth rate, few new features per layer", "DenseNet more parameter-efficient",
          "DenseNet has high memory cost"]),
        ("In ResNet features get summed into the identity path, so they're mixed and partly overwritten. DenseNet "
         "keeps every earlier feature map and hands all of them to each new layer, which only needs to add a "
         "handful of new channels. That makes it very parameter efficient.",
         ["each layer sees all previous layers", "growth rate, few new features per layer",
          "DenseNet more parameter-efficient"]),
    ],
    "efficientnet-mobile-deployment": [
        ("Low FLOPs but memory-bound depthwise convs; Swish and SE poorly supported on NPUs; quantizes badly, needs "
         "QAT; big variants need huge inputs; use B0 or EfficientNet-Lite; measure on the device.",
         ["FLOPs ignore memory access cost", "Swish and SE poorly supported", "quantization sensitivity, QAT needed",
          "large variants need high resolution", "use small variants or EfficientNet-Lite",
          "profile on the target device"]),
        ("The FLOP counts look great, but depthwise convs and the expanded tensors are limited by memory bandwidth, "
         "so real latency is worse than you'd expect. Swish and the SE blocks are awkward for mobile accelerators "
         "and hurt int8 accuracy, which is why Google made EfficientNet-Lite with ReLU6 and no SE. And B4 and up "
         "are too big at their native resolution for a phone.",
         ["FLOPs ignore memory access cost", "Swish and SE poorly supported", "quantization sensitivity, QAT needed",
          "large variants need high resolution", "use small variants or EfficientNet-Lite"]),
        ("Its low FLOPs hide memory-bound depthwise layers; swish and SE aren't well supported by mobile NPUs and "
         "it's hard to quantize, so people use EfficientNet-Lite and profile on the actual phone.",
         ["FLOPs ignore memory access cost", "Swish and SE poorly supported", "quantization sensitivity, QAT needed",
          "use small variants or EfficientNet-Lite", "profile on the target device"]),
    ],
    "quantization-effects": [
        ("INT8 is 4x smaller and faster. ResNet/VGG are fine with post-training quantization. Depthwise convs need "
         "per-channel scales. ReLU6 keeps the activation range bounded. EfficientNet needs QAT or the Lite version.",
         ["4× smaller, faster integer inference", "ResNet/VGG quantize well with PTQ",
          "depthwise convs need per-channel scales", "ReLU6 bounds activation range",
          "EfficientNet needs QAT or Lite variant"]),
        ("Going from float32 to int8 cuts size by four and speeds up inference. Big redundant nets like ResNet-50 "
         "lose well under a point with simple post-training quantization. MobileNets are touchier because depthwise "
         "filters have very different ranges, so you need per-channel quantization, and EfficientNet's Swish and SE "
         "usually need quantization-aware training.",
         ["4× smaller, faster integer inference", "ResNet/VGG quantize well with PTQ",
          "depthwise convs need per-channel scales", "EfficientNet needs QAT or Lite variant"]),
        ("INT8 gives 4x smaller models. Big nets like ResNet lose almost nothing with PTQ; MobileNets need "
         "per-channel quantization because depthwise weight ranges vary; EfficientNet usually needs QAT.",
         ["4× smaller, faster integer inference", "ResNet/VGG quantize well with PTQ",
          "depthwise convs need per-channel scales", "EfficientNet needs QAT or Lite variant"]),
    ],
    "knowledge-distillation-mobile": [
        ("Train a small student on a big teacher's soft targets; temperature softens the softmax; dark knowledge "
         "about class similarity; loss = KL on the soft outputs + CE on the labels, scaled by T².",
         ["student mimics teacher's soft outputs", "temperature softens the softmax",
          "dark knowledge of class similarities", "KL distillation + hard-label CE", "T² scaling of the soft loss"]),
        ("You train the mobile model to match the probabilities of a big model like a ResNet-152, not just the "
         "one-hot labels. Raising the softmax temperature makes those probabilities softer, so the student learns "
         "which wrong classes are similar. The loss mixes a KL term with the normal cross entropy.",
         ["student mimics teacher's soft outputs", "temperature softens the softmax",
          "dark knowledge of class similarities", "KL distillation + hard-label CE"]),
        ("A big teacher's softened probabilities (temperature T) train a small student, with a KL term plus the "
         "usual cross-entropy on labels.",
         ["student mimics teacher's soft outputs", "temperature softens the softmax",
          "KL distillation + hard-label CE"]),
    ],
    "pruning-strategies": [
        ("Magnitude pruning then fine-tune; structured (channels) vs unstructured; VGG is very redundant and prunes "
         "10x+; ResNet's skip adds tie channels together; MobileNet has little redundancy, use NetAdapt or AMC.",
         ["magnitude pruning + fine-tuning", "structured vs unstructured pruning",
          "VGG/ResNet redundant, easy to prune", "residual adds constrain channel pruning",
          "compact nets need automated pruning"]),
        ("The basic recipe is to remove the smallest weights and retrain, repeating a few times. Unstructured "
         "sparsity compresses well but needs sparse kernels to get speed, so for real speed-ups you prune whole "
         "filters. VGG is extremely overparameterized and can be pruned heavily, whereas MobileNets are already "
         "compact and lose accuracy quickly.",
         ["magnitude pruning + fine-tuning", "structured vs unstructured pruning",
          "VGG/ResNet redundant, easy to prune", "compact nets need automated pruning"]),
        ("Prune small-magnitude weights then fine-tune. Unstructured gives sparsity but no speedup without special "
         "kernels; channel pruning gives real speedups. VGG prunes easily; MobileNets have little redundancy.",
         ["magnitude pruning + fine-tuning", "structured vs unstructured pruning",
          "VGG/ResNet redundant, easy to prune", "compact nets need automated pruning"]),
    ],
    "edge-deployment": [
        ("VGG too heavy; ResNet-50 borderline; MobileNetV3 built for phones; EfficientNet-Lite or B0; quantize to "
         "int8; TFLite and profile on the device.",
         ["VGG/ResNet too heavy for edge", "MobileNet designed for edge", "EfficientNet-Lite / small EfficientNets",
          "quantize to INT8", "optimized runtime and on-device profiling"]),
        ("For a phone I'd skip VGG and usually ResNet-50 as too slow and large, and start from MobileNetV3 or "
         "EfficientNet-Lite. Then quantize to 8-bit, convert with TFLite or Core ML, and measure latency on the "
         "actual device.",
         ["VGG/ResNet too heavy for edge", "MobileNet designed for edge", "EfficientNet-Lite / small EfficientNets",
          "quantize to INT8", "optimized runtime and on-device profiling"]),
        ("VGG and ResNet are too heavy for phones; MobileNetV3 and EfficientNet-Lite are designed for it; quantize "
         "to int8 and test latency on the device with TFLite.",
         ["VGG/ResNet too heavy for edge", "MobileNet designed for edge", "EfficientNet-Lite / small EfficientNets",
          "quantize to INT8", "optimized runtime and on-device profiling"]),
    ],
    "compression-tradeoffs": [
        ("Pruning: unstructured needs sparse hardware, structured gives real speed. Quantization: int8, 4x smaller, "
         "small accuracy loss. Distillation: needs a teacher and extra training. Low-rank factorization. It's "
         "accuracy vs latency vs size.",
         ["pruning trade-off (sparsity vs speed)", "quantization 4× smaller, small accuracy loss",
          "distillation costs extra training", "low-rank factorization", "accuracy vs latency vs size"]),
        ("Every method trades accuracy for size or speed. Quantizing to int8 is the easy win. Pruning can remove "
         "lots of weights, but unless it's structured you don't get faster. Distillation keeps accuracy but costs a "
         "second training run with a teacher. Often it's better to just start with an efficient architecture like "
         "MobileNet.",
         ["pruning trade-off (sparsity vs speed)", "quantization 4× smaller, small accuracy loss",
          "distillation costs extra training", "accuracy vs latency vs size", "efficient architectures as alternative"]),
        ("Quantization is the easy 4x size win; pruning only speeds things up if it's structured; distillation "
         "needs a teacher and a second training run; low-rank factorization works for FC layers.",
         ["pruning trade-off (sparsity vs speed)", "quantization 4× smaller, small accuracy loss",
          "distillation costs extra training", "low-rank factorization"]),
    ],
    "alexnet-vgg-resnet-philosophy": [
        ("AlexNet: big 11x11 filters, ReLU, dropout, two GPUs. VGG: only 3x3 convs, deeper, 138M params. ResNet: "
         "skip connections, 152 layers, bottlenecks and global pooling.",
         ["AlexNet - big filters, ReLU, dropout, GPUs", "VGG - stacked 3×3, uniform, deep",
          "VGG - too many params (138M)", "ResNet - skip connections, very deep",
          "ResNet - efficient (BN, bottleneck, GAP)"]),
        ("AlexNet was the first deep CNN to win ImageNet, using ReLUs, dropout and large early kernels trained "
         "across GPUs. VGG made it systematic: just stack 3x3 convs and go deeper, but its huge fully connected "
         "layers make it heavy. ResNet added shortcut connections so you could train over a hundred layers, with "
         "batch norm and global average pooling keeping it efficient.",
         ["AlexNet - big filters, ReLU, dropout, GPUs", "VGG - stacked 3×3, uniform, deep",
          "VGG - too many params (138M)", "ResNet - skip connections, very deep",
          "ResNet - efficient (BN, bottleneck, GAP)", "ad hoc → systematic → principled"]),
    ],
    "choose-architecture-new-task": [
        ("Start from constraints: latency, memory, hardware. Mobile: MobileNetV3. Max accuracy: big EfficientNet or "
         "ViT. Always use pretrained weights and fine-tune. Start with a ResNet-50 baseline and scale.",
         ["constraints first (latency, memory, hardware)", "mobile/edge → MobileNet/EfficientNet-Lite",
          "accuracy → large EfficientNet/ResNet/ViT", "pretrained backbone + fine-tuning",
          "strong baseline then scale"]),
        ("First I'd ask what the deployment budget is and how much data we have. With a small dataset I'd fine-tune "
         "an ImageNet-pretrained model rather than train from scratch. For phones something like MobileNet, for "
         "servers a ResNet or EfficientNet, and I'd get a simple baseline working before trying bigger models.",
         ["constraints first (latency, memory, hardware)", "mobile/edge → MobileNet/EfficientNet-Lite",
          "pretrained backbone + fine-tuning", "strong baseline then scale", "match to data size and task"]),
    ],
    "resnet50-receptive-field": [
        ("Theoretical RF is 427 pixels for torchvision's v1.5 (483 for the original v1), bigger than the 224 input. "
         "Computed as r += (k-1)*jump. The effective RF is much smaller, roughly Gaussian.",
         ["427 px (torchvision v1.5) / 483 px (v1)", "larger than the 224 input", "RF recursion r + (k−1)·jump",
          "effective RF much smaller (Gaussian)", "stride placement convention (v1 vs v1.5)"]),
        ("You compute it layer by layer: each layer adds kernel size minus one times the product of the strides so "
         "far. For ResNet-50 that gives around 427 pixels, which is bigger than the image itself. But the effective "
         "receptive field, where the gradient actually concentrates, is much smaller and roughly Gaussian.",
         ["427 px (torchvision v1.5) / 483 px (v1)", "larger than the 224 input", "RF recursion r + (k−1)·jump",
          "effective RF much smaller (Gaussian)"]),
        ("Around 427 pixels theoretically, so larger than the 224 input, but the effective receptive field is much "
         "smaller and Gaussian-shaped.",
         ["427 px (torchvision v1.5) / 483 px (v1)", "larger than the 224 input",
          "effective RF much smaller (Gaussian)"]),
    ],
    "remove-fc-layers": [
        ("FC layers hold most params (VGG: ~124M of 138M), force a fixed input size and overfit; replaced with "
         "global average pooling + one linear layer.",
         ["FC layers hold most parameters", "FC needs a fixed input size", "replaced by global average pooling",
          "less overfitting, regulariser"]),
        ("In VGG the fully connected layers are almost 90% of the weights and they overfit, so you need dropout. "
         "They also only work for one input resolution. Modern nets just average-pool each feature map and use a "
         "single linear classifier, which also lets you do class activation maps.",
         ["FC layers hold most parameters", "FC needs a fixed input size", "replaced by global average pooling",
          "less overfitting, regulariser", "spatial info lost / CAM possible"]),
        ("The FC layers had most of the weights, tied the network to a fixed input resolution and overfit; global "
         "average pooling replaced them.",
         ["FC layers hold most parameters", "FC needs a fixed input size", "replaced by global average pooling",
          "less overfitting, regulariser"]),
    ],
    "feature-pyramid-network": [
        ("Takes C2-C5 from the backbone, top-down path with 2x upsampling, 1x1 lateral connections added, 3x3 "
         "smoothing. Every level gets strong semantics. Helps small objects.",
         ["multi-scale features from backbone stages", "top-down pathway with upsampling",
          "lateral 1×1 connections, add", "semantics + spatial resolution combined",
          "detecting small and large objects"]),
        ("FPN builds a pyramid of features for detection. It upsamples the deep, semantically strong maps and adds "
         "them to the higher-resolution earlier maps through 1x1 convs, so each scale has both good semantics and "
         "spatial detail. Used in Faster R-CNN and RetinaNet to detect objects of different sizes.",
         ["multi-scale features from backbone stages", "top-down pathway with upsampling",
          "lateral 1×1 connections, add", "semantics + spatial resolution combined",
          "detecting small and large objects"]),
        ("FPN adds a top-down path that upsamples coarse, semantic maps and merges them with lateral 1x1 convs from "
         "earlier stages, giving a multi-scale pyramid good for small objects.",
         ["multi-scale features from backbone stages", "top-down pathway with upsampling",
          "lateral 1×1 connections, add", "detecting small and large objects"]),
    ],
    "odd-kernel-sizes": [
        ("Odd kernels have a center; symmetric 'same' padding of (k-1)/2; even kernels shift the output by half a "
         "pixel.",
         ["central pixel / anchor point", "symmetric same padding (k−1)/2", "even kernels shift features"]),
        ("With an odd size there's a center pixel the output is anchored on, and you can pad the same amount on "
         "each side to keep the size. Even kernels cause a half-pixel misalignment that accumulates over layers. "
         "3x3 is the smallest kernel that sees all neighbours. Even sizes are fine for stride-2 downsampling or "
         "patchify stems.",
         ["central pixel / anchor point", "symmetric same padding (k−1)/2", "even kernels shift features",
          "exceptions (2×2 stride-2, patchify, transposed)", "3×3 smallest odd kernel with 8 neighbours"]),
        ("Odd kernels are centred on a pixel, so 'same' padding is symmetric; with even kernels the output drifts "
         "half a pixel.",
         ["central pixel / anchor point", "symmetric same padding (k−1)/2", "even kernels shift features"]),
    ],
    "pyramid-pooling-resnet": [
        ("PSPNet: pool the dilated ResNet's last feature map at 1x1, 2x2, 3x3 and 6x6, upsample, concat. Gives "
         "global context for segmentation. SPP-Net did something similar to get fixed-length vectors. ASPP is the "
         "dilated cousin.",
         ["pool at grid sizes 1, 2, 3, 6", "upsample and concatenate with features",
          "global/multi-scale context for segmentation", "PSPNet on dilated ResNet",
          "SPP-Net fixed-length output for any input size", "relatives (ASPP, FPN, SPPF)"]),
        ("Pyramid pooling takes the backbone's final feature map and average-pools it into a few grid sizes, then "
         "upsamples those pooled maps and concatenates them with the original features. That injects global scene "
         "context, which helps semantic segmentation. PSPNet does this on top of a dilated ResNet.",
         ["pool at grid sizes 1, 2, 3, 6", "upsample and concatenate with features",
          "global/multi-scale context for segmentation", "PSPNet on dilated ResNet"]),
        ("PSPNet pools the last feature map into 1x1, 2x2, 3x3 and 6x6 bins, upsamples each and concatenates them "
         "with the original map, adding global context for segmentation.",
         ["pool at grid sizes 1, 2, 3, 6", "upsample and concatenate with features",
          "global/multi-scale context for segmentation", "PSPNet on dilated ResNet"]),
    ],
    "multi-scale-features": [
        ("CNNs naturally produce a hierarchy at strides 4 to 32; FPN merges them top-down; Inception uses parallel "
         "1x1/3x3/5x5 branches; PSPNet pools at several grid sizes; DeepLab uses atrous rates.",
         ["hierarchy of resolutions / receptive fields", "FPN top-down with lateral connections",
          "pyramid pooling at multiple bins", "parallel kernels / dilation for scale"]),
        ("A plain backbone gives you features at decreasing resolution: early layers are detailed, later ones "
         "semantic. FPN fuses them with a top-down path. Inception handles scale inside a block with parallel "
         "kernels of different sizes, and DenseNet mixes features from many depths by concatenating them.",
         ["hierarchy of resolutions / receptive fields", "FPN top-down with lateral connections",
          "DenseNet concatenates multi-depth features", "parallel kernels / dilation for scale"]),
    ],
    "adversarial-robustness": [
        ("Tiny imperceptible perturbations (FGSM, PGD) fool all standard CNNs; architecture matters less than "
         "training; adversarial training is the main defense; bigger models benefit more from it.",
         ["small crafted perturbations fool CNNs", "all standard CNNs are vulnerable",
          "capacity helps robust training", "adversarial training is the main defense"]),
        ("All the usual ImageNet models, VGG, ResNet, MobileNet, drop to nearly zero accuracy under a PGD attack "
         "with an invisible perturbation. The only defense that holds up is adversarial training, which costs "
         "several times more compute and lowers clean accuracy, and larger models gain more from it. Many other "
         "defenses just hide the gradient and get broken by adaptive attacks.",
         ["small crafted perturbations fool CNNs", "all standard CNNs are vulnerable",
          "accuracy vs robustness trade-off", "capacity helps robust training",
          "adversarial training is the main defense", "gradient masking defenses fail"]),
        ("Every standard CNN is fooled by tiny imperceptible perturbations like PGD; adversarial training is the "
         "only reliable defense, it costs clean accuracy and works better for bigger models.",
         ["small crafted perturbations fool CNNs", "all standard CNNs are vulnerable",
          "accuracy vs robustness trade-off", "capacity helps robust training",
          "adversarial training is the main defense"]),
    ],
    "interpretability": [
        ("Grad-CAM works on all of them; VGG is easiest to visualize, a plain hierarchy; ResNet's skip connections "
         "mix many paths; GAP gives class activation maps directly.",
         ["Grad-CAM / saliency work on all", "VGG simple hierarchy, well studied",
          "ResNet skip paths complicate attribution", "GAP enables class activation maps"]),
        ("Gradient-based heatmaps like Grad-CAM apply to any CNN. VGG is the most studied because it's a simple "
         "chain of layers. Networks ending in global average pooling plus a linear layer support CAM exactly. SE "
         "blocks give you channel attention weights you can inspect, while depthwise MobileNet units are harder to "
         "interpret one by one.",
         ["Grad-CAM / saliency work on all", "VGG simple hierarchy, well studied",
          "GAP enables class activation maps", "SE weights as built-in attention", "depthwise/MBConv harder per unit"]),
        ("Grad-CAM works for any CNN; GAP-based nets give class activation maps directly; VGG is the easiest to "
         "visualize as a plain stack; ResNet's sum of many paths complicates attribution.",
         ["Grad-CAM / saliency work on all", "VGG simple hierarchy, well studied",
          "ResNet skip paths complicate attribution", "GAP enables class activation maps"]),
    ],
    "future-trends": [
        ("Hardware-aware NAS, dynamic/early-exit networks, CNN-transformer hybrids, 4-bit and binary quantization, "
         "structural re-parameterization like RepVGG.",
         ["hardware-aware NAS", "dynamic networks / early exit", "CNN-Transformer hybrids",
          "extreme quantization / binarization", "re-parameterization and sparsity"]),
        ("I expect more search that optimizes measured latency on the device, hybrids that put attention in the "
         "later stages like MobileViT, networks that spend less compute on easy inputs, and lower-bit quantization "
         "down to 4 bits, plus co-design with the compilers.",
         ["hardware-aware NAS", "dynamic networks / early exit", "CNN-Transformer hybrids",
          "extreme quantization / binarization", "compiler-hardware co-design"]),
    ],
    "choose-architecture-type": [
        ("ResNet-50 as the default baseline; EfficientNet for accuracy per FLOP; MobileNetV3 on phones; VGG only "
         "for perceptual loss; ConvNeXt or ViT with lots of data.",
         ["ResNet-50 as robust default baseline", "EfficientNet for best accuracy per compute",
          "MobileNet/EfficientNet-Lite for edge", "VGG only for style transfer/teaching", "also ConvNeXt, RegNet, ViT"]),
        ("It depends on the latency budget and the hardware. ResNet-50 is the safe default that's supported "
         "everywhere, EfficientNet gives the best accuracy for a given compute, MobileNet is for on-device, and VGG "
         "today is really only used for style transfer losses.",
         ["ResNet-50 as robust default baseline", "EfficientNet for best accuracy per compute",
          "MobileNet/EfficientNet-Lite for edge", "VGG only for style transfer/teaching",
          "constraints decide (latency, memory, data)"]),
    ],
    "flops-across-architectures": [
        ("VGG-16 about 15.5 GMACs, ResNet-50 4.1, MobileNetV2 0.3, EfficientNet-B0 0.39, B7 around 37 at 600px. "
         "Those 'FLOPs' are really MACs. FLOPs don't equal latency.",
         ["FLOPs quoted are MACs (×2 for FLOPs)", "VGG-16 ~15.5 G, ResNet-50 ~4.1 G",
          "mobile models under 1 GMAC (0.3/0.22/0.39)", "B7 ~37 G at 600 px", "FLOPs ≠ latency (memory-bound ops)"]),
        ("Quoted numbers are usually multiply-adds: VGG-16 is around 15.5 billion, ResNet-50 about 4.1 billion, and "
         "the mobile nets are a few hundred million. But fewer FLOPs doesn't mean faster, because depthwise layers "
         "are memory bound.",
         ["FLOPs quoted are MACs (×2 for FLOPs)", "VGG-16 ~15.5 G, ResNet-50 ~4.1 G",
          "mobile models under 1 GMAC (0.3/0.22/0.39)", "FLOPs ≠ latency (memory-bound ops)"]),
        ("ResNet-50 ~4.1 GMACs, VGG-16 ~15.5, MobileNets a few hundred MFLOPs. Papers' FLOPs are really MACs. Don't "
         "assume fewer FLOPs is faster, depthwise is memory bound.",
         ["FLOPs quoted are MACs (×2 for FLOPs)", "VGG-16 ~15.5 G, ResNet-50 ~4.1 G",
          "mobile models under 1 GMAC (0.3/0.22/0.39)", "FLOPs ≠ latency (memory-bound ops)"]),
    ],
    "memory-usage-architectures": [
        ("Parameters vs activations; VGG's params are mostly in the FC layers; ResNet drops the FC with GAP; "
         "MobileNetV2 3.5M params and small activations; EfficientNet's 6x expansion creates activation peaks; "
         "DenseNet's concatenation blows up memory.",
         ["parameters vs activation memory", "VGG FC layers dominate parameters", "ResNet moderate params via GAP",
          "MobileNet small params and activations", "EfficientNet expansion causes memory peaks",
          "DenseNet concatenation memory"]),
        ("Training memory is mostly activations stored for backprop, not weights. VGG has huge weights because of "
         "its FC layers and big early feature maps. MobileNet is small on both counts, but EfficientNet's expanded "
         "layers at high resolution use a lot of activation memory, and naive DenseNet implementations grow "
         "quadratically.",
         ["parameters vs activation memory", "VGG FC layers dominate parameters",
          "MobileNet small params and activations", "EfficientNet expansion causes memory peaks",
          "DenseNet concatenation memory"]),
        ("Training memory is dominated by activations; VGG's weights are mostly in FC layers; MobileNet is small; "
         "EfficientNet's expanded activations at high resolution peak; DenseNet's concatenation grows "
         "quadratically.",
         ["parameters vs activation memory", "VGG FC layers dominate parameters",
          "MobileNet small params and activations", "EfficientNet expansion causes memory peaks",
          "DenseNet concatenation memory"]),
    ],
    "imagenet-accuracy-vs-size": [
        ("VGG-16: 138M for 71.6%. ResNet-50: 25.6M for 76.1%. MobileNetV2: 3.5M for ~72%. EfficientNet-B0 5.3M for "
         "77%, B7 84%. Params don't equal FLOPs or latency.",
         ["VGG very inefficient per parameter", "ResNet-50 beats VGG with ~5× fewer params",
          "MobileNets match VGG with tiny size", "EfficientNet defines the accuracy-size frontier",
          "params are not compute or latency"]),
        ("VGG is the worst deal, about 138 million parameters for 71-72% top-1. ResNet-50 is better with five times "
         "fewer parameters, MobileNetV2 matches VGG with 40 times fewer, and EfficientNet gives the best accuracy "
         "for its size.",
         ["VGG very inefficient per parameter", "ResNet-50 beats VGG with ~5× fewer params",
          "MobileNets match VGG with tiny size", "EfficientNet defines the accuracy-size frontier"]),
    ],
    "training-time-comparison": [
        ("VGG slowest due to raw compute; ResNet trains efficiently on GPUs; MobileNet/EfficientNet have low FLOPs "
         "but depthwise convs are memory bound; B7 is very slow; EfficientNetV2 fixed it with Fused-MBConv and "
         "progressive learning.",
         ["FLOPs alone don't predict training time", "VGG slow from huge compute",
          "ResNet GPU-friendly; wide nets parallelize", "depthwise convs underutilize GPUs",
          "large EfficientNets slow (resolution, depth)"]),
        ("Training time doesn't follow FLOPs. VGG is slow because it just has a huge amount of compute. ResNets use "
         "dense convolutions that keep GPUs busy. EfficientNets look cheap on paper but depthwise convs and high "
         "resolutions make them slow to train, especially the big ones, which is what EfficientNetV2 addressed.",
         ["FLOPs alone don't predict training time", "VGG slow from huge compute",
          "ResNet GPU-friendly; wide nets parallelize", "depthwise convs underutilize GPUs",
          "large EfficientNets slow (resolution, depth)"]),
        ("FLOPs don't predict training time. VGG is slowest from sheer compute, ResNets keep GPUs well utilized, "
         "depthwise convs are memory-bound, and big EfficientNets are slow at high resolution.",
         ["FLOPs alone don't predict training time", "VGG slow from huge compute",
          "ResNet GPU-friendly; wide nets parallelize", "depthwise convs underutilize GPUs",
          "large EfficientNets slow (resolution, depth)"]),
    ],
    "hardware-acceleration": [
        ("It's about arithmetic intensity: dense 3x3 convs in VGG/ResNet keep tensor cores busy; depthwise convs "
         "are memory bound; TPUs like big matmuls; EfficientNet is slower than its FLOPs suggest, hence "
         "Fused-MBConv in V2.",
         ["arithmetic intensity / memory-bound ops", "dense convs suit GPUs (VGG/ResNet)",
          "depthwise convs underuse accelerators", "TPUs want large dense matmuls",
          "EfficientNet slow per FLOP; Fused-MBConv fix"]),
        ("GPUs and TPUs are fast at big dense matrix multiplies. Standard convs in ResNet map to those well, but a "
         "depthwise conv does very little math per byte loaded, so it runs far below peak. That's why EfficientNet "
         "isn't nearly as fast as its FLOP count suggests, and why you should measure throughput rather than count "
         "FLOPs.",
         ["arithmetic intensity / memory-bound ops", "dense convs suit GPUs (VGG/ResNet)",
          "depthwise convs underuse accelerators", "TPUs want large dense matmuls",
          "EfficientNet slow per FLOP; Fused-MBConv fix", "FLOPs don't equal speed"]),
        ("Depthwise convs have low arithmetic intensity so they are memory-bound on GPUs and TPUs, while dense "
         "convs use the tensor cores well; that's why EfficientNetV2 uses Fused-MBConv early on. Always benchmark "
         "throughput.",
         ["arithmetic intensity / memory-bound ops", "dense convs suit GPUs (VGG/ResNet)",
          "depthwise convs underuse accelerators", "EfficientNet slow per FLOP; Fused-MBConv fix",
          "FLOPs don't equal speed"]),
    ],
    "efficientnet-compound-scaling": [
        ("Scale depth, width and resolution together with one coefficient phi: depth alpha^phi, width beta^phi, "
         "resolution gamma^phi, with alpha*beta^2*gamma^2 ≈ 2. alpha=1.2, beta=1.1, gamma=1.15 from a grid search "
         "on B0.",
         ["scale depth, width, resolution together", "depth α^φ, width β^φ, resolution γ^φ",
          "constraint α·β²·γ² ≈ 2", "α=1.2, β=1.1, γ=1.15 by grid search"]),
        ("Instead of just making the network deeper or wider, you grow depth, width and input resolution at fixed "
         "ratios. The ratios are found by a small grid search on the NAS-designed B0, and each step of the "
         "coefficient roughly doubles the FLOPs, since cost grows linearly with depth but quadratically with width "
         "and resolution.",
         ["scale depth, width, resolution together", "constraint α·β²·γ² ≈ 2", "α=1.2, β=1.1, γ=1.15 by grid search",
          "FLOPs ∝ d·w²·r²", "B0 baseline found by NAS"]),
        ("Scale depth, width and resolution together using one compound coefficient; alpha*beta^2*gamma^2 ≈ 2 so "
         "FLOPs double per step; coefficients from a grid search; B0 came from NAS.",
         ["scale depth, width, resolution together", "depth α^φ, width β^φ, resolution γ^φ",
          "constraint α·β²·γ² ≈ 2", "α=1.2, β=1.1, γ=1.15 by grid search", "B0 baseline found by NAS"]),
    ],
    "efficientnet-compound-scaling-brief": [
        ("Depth, width, resolution scaled jointly by a compound coefficient phi; alpha·beta²·gamma² ≈ 2; "
         "1.2/1.1/1.15 from a grid search.",
         ["scale depth, width and resolution together", "one coefficient φ with α, β, γ",
          "constraint α·β²·γ² ≈ 2, FLOPs ×2 per φ", "grid search on B0 (1.2, 1.1, 1.15)"]),
        ("Scaling only depth or only width stops helping quickly. EfficientNet scales all three at once using one "
         "knob, phi, with per-dimension bases found by a grid search, so each increment roughly doubles the "
         "compute.",
         ["scale depth, width and resolution together", "one coefficient φ with α, β, γ",
          "constraint α·β²·γ² ≈ 2, FLOPs ×2 per φ", "grid search on B0 (1.2, 1.1, 1.15)", "single dimension saturates"]),
        ("Scale depth, width and input resolution together with one coefficient phi; alpha*beta^2*gamma^2 is about "
         "2, so each step doubles FLOPs.",
         ["scale depth, width and resolution together", "one coefficient φ with α, β, γ",
          "constraint α·β²·γ² ≈ 2, FLOPs ×2 per φ"]),
    ],
    "efficientnet-compound-scaling-explain": [
        ("Jointly scale depth, width and resolution with one coefficient phi; alpha·beta²·gamma² ≈ 2 so FLOPs "
         "double per step; B0 to B7.",
         ["scale depth, width, resolution jointly", "single compound coefficient φ", "α·β²·γ² ≈ 2 (FLOPs ~2^φ)",
          "baseline B0 scaled to B1–B7"]),
        ("The intuition is that bigger images need more layers to grow the receptive field and more channels to "
         "capture finer detail, so the three dimensions should grow together. EfficientNet uses a single compound "
         "coefficient to scale the B0 baseline into B1 through B7.",
         ["scale depth, width, resolution jointly", "single compound coefficient φ",
          "resolution needs more depth and width", "baseline B0 scaled to B1–B7"]),
    ],
    "efficientnet-scaling-law": [
        ("Depth, width and resolution scale together: d = 1.2^phi, w = 1.1^phi, r = 1.15^phi, constrained so "
         "alpha·beta²·gamma² ≈ 2, so FLOPs ≈ 2^phi. The bases come from a grid search.",
         ["scale depth, width, resolution together", "d=α^φ, w=β^φ, r=γ^φ", "constraint α·β²·γ² ≈ 2 (FLOPs ≈ 2^φ)",
          "α=1.2, β=1.1, γ=1.15 by grid search on B0"]),
        ("All three dimensions get scaled: each gets its own base raised to the power phi, and the bases satisfy "
         "alpha times beta squared times gamma squared about two, so FLOPs grow like two to the phi. Scaling only "
         "one dimension saturates around 80% top-1.",
         ["scale depth, width, resolution together", "d=α^φ, w=β^φ, r=γ^φ", "constraint α·β²·γ² ≈ 2 (FLOPs ≈ 2^φ)",
          "single-dimension scaling saturates"]),
        ("depth = alpha^phi, width = beta^phi, resolution = gamma^phi with alpha*beta^2*gamma^2 ~ 2, alpha 1.2, "
         "beta 1.1, gamma 1.15 from a grid search.",
         ["d=α^φ, w=β^φ, r=γ^φ", "constraint α·β²·γ² ≈ 2 (FLOPs ≈ 2^φ)", "α=1.2, β=1.1, γ=1.15 by grid search on B0"]),
    ],
    "efficientnet-b0-b7": [
        ("B0 found by NAS; B1-B7 by compound scaling; 224 to 600 px; 5.3M to 66M params; 77% to 84% top-1; "
         "diminishing returns.",
         ["B0 is a NAS baseline (MBConv)", "B1-B7 via compound scaling (φ)", "resolution 224 → 600",
          "params 5.3M → 66M", "top-1 ~77% → ~84%", "diminishing returns / choose by budget"]),
        ("B0 is the baseline from architecture search, and the rest are scaled-up versions using the compound "
         "coefficient. Resolution goes from 224 up to 600, and accuracy from about 77 to 84 percent, but the last "
         "few steps cost a lot for little gain, so B3 or B4 is usually the sweet spot.",
         ["B0 is a NAS baseline (MBConv)", "B1-B7 via compound scaling (φ)", "resolution 224 → 600",
          "top-1 ~77% → ~84%", "diminishing returns / choose by budget"]),
        ("B0 from NAS, then compound scaling up to B7: resolution 224 to 600, params 5.3M to 66M, top-1 about 77% "
         "to 84%.",
         ["B0 is a NAS baseline (MBConv)", "B1-B7 via compound scaling (φ)", "resolution 224 → 600",
          "params 5.3M → 66M", "top-1 ~77% → ~84%"]),
    ],
    "efficientnet-mbconv": [
        ("1x1 expand by 6, depthwise 3x3/5x5, SE, 1x1 linear projection; narrow-wide-narrow; skip when stride 1 and "
         "channels match; Swish activation.",
         ["1×1 expand (t=6) → depthwise → 1×1 project", "inverted - narrow → wide → narrow",
          "linear projection (no activation)", "residual only when stride 1 and shapes match",
          "SE and Swish in EfficientNet version"]),
        ("It's MobileNetV2's inverted residual: a 1x1 conv expands the channels, a depthwise conv filters them, and "
         "a 1x1 conv projects back down without an activation. The shortcut connects the thin ends when input and "
         "output shapes match, and EfficientNet adds squeeze-and-excitation and Swish.",
         ["1×1 expand (t=6) → depthwise → 1×1 project", "inverted - narrow → wide → narrow",
          "linear projection (no activation)", "residual only when stride 1 and shapes match",
          "SE and Swish in EfficientNet version"]),
        ("Inverted residual from MobileNetV2: 1x1 expansion by 6, depthwise conv, squeeze-excite, 1x1 projection "
         "with no activation; residual when stride is 1 and shapes match.",
         ["1×1 expand (t=6) → depthwise → 1×1 project", "inverted - narrow → wide → narrow",
          "linear projection (no activation)", "residual only when stride 1 and shapes match",
          "SE and Swish in EfficientNet version"]),
    ],
    "efficientnet-vs-resnet": [
        ("B0: 77% with 5.3M params vs ResNet-50's 76% with 25.6M; 0.39 vs 4.1 GMACs. B4 beats ResNet-152. But on "
         "GPUs EfficientNet isn't proportionally faster.",
         ["B0 ≈ ResNet-50 accuracy at ~5× fewer params", "~10× fewer MACs (0.39 vs 4.1 G)",
          "B4 beats ResNet-152 with 3× fewer params", "FLOPs ≠ latency; training recipe caveat"]),
        ("EfficientNet-B0 matches ResNet-50's accuracy with about 5x fewer parameters and 10x fewer FLOPs, thanks "
         "to the NAS-designed MBConv baseline and compound scaling. B7 hit 84% top-1. Still, on a GPU depthwise "
         "convs are memory bound, so the speed-up is much smaller than the FLOPs suggest, and a ResNet with a "
         "modern recipe closes much of the gap.",
         ["B0 ≈ ResNet-50 accuracy at ~5× fewer params", "~10× fewer MACs (0.39 vs 4.1 G)",
          "B7 84.3%, 8.4× smaller than GPipe", "reasons (NAS baseline, MBConv, compound scaling)",
          "FLOPs ≠ latency; training recipe caveat"]),
        ("EfficientNet-B0 matches ResNet-50's accuracy with 5x fewer params and about 10x fewer FLOPs; B4 beats "
         "ResNet-152; but on GPUs it's not proportionally faster.",
         ["B0 ≈ ResNet-50 accuracy at ~5× fewer params", "~10× fewer MACs (0.39 vs 4.1 G)",
          "B4 beats ResNet-152 with 3× fewer params", "FLOPs ≠ latency; training recipe caveat"]),
    ],
    "depthwise-separable-flops": [
        ("Depthwise: one kxk filter per channel. Pointwise: 1x1 to mix channels. Standard costs H·W·Cin·Cout·k², "
         "separable H·W·Cin·(k² + Cout), ratio 1/Cout + 1/k², about 8-9x less for 3x3.",
         ["depthwise per-channel k×k filter", "pointwise 1×1 mixes channels", "cost ratio 1/C_out + 1/k²",
          "standard cost H·W·Cin·Cout·k²", "~8–9× fewer for 3×3"]),
        ("You split a normal conv into a depthwise step that filters each input channel on its own and a 1x1 conv "
         "that combines channels. A standard conv costs k squared times C in times C out per pixel, the separable "
         "one k squared C in plus C in C out, so the saving is roughly nine times for 3x3 kernels.",
         ["depthwise per-channel k×k filter", "pointwise 1×1 mixes channels", "standard cost H·W·Cin·Cout·k²",
          "~8–9× fewer for 3×3"]),
        ("Standard conv is k^2 * Cin * Cout per position; depthwise separable is k^2 * Cin + Cin * Cout, so the "
         "ratio is 1/Cout + 1/k^2, roughly 8 to 9 times cheaper with 3x3.",
         ["cost ratio 1/C_out + 1/k²", "standard cost H·W·Cin·Cout·k²", "~8–9× fewer for 3×3"]),
    ],
    "mobilenetv2-inverted-residual": [
        ("1x1 expand by 6, 3x3 depthwise, 1x1 linear projection; narrow-wide-narrow, the opposite of ResNet's "
         "bottleneck; the skip connects the narrow ends.",
         ["expand, depthwise, project (1×1-dw3×3-1×1)", "narrow-wide-narrow, inverse of ResNet bottleneck",
          "shortcut between thin bottlenecks", "linear projection (no ReLU at the end)"]),
        ("Unlike the ResNet bottleneck that squeezes then expands, MobileNetV2 first expands the thin input six "
         "times with a 1x1, does a cheap depthwise conv in that wide space, then projects back to a thin tensor "
         "with no ReLU. The residual connection joins the thin tensors, which keeps memory low.",
         ["expand, depthwise, project (1×1-dw3×3-1×1)", "narrow-wide-narrow, inverse of ResNet bottleneck",
          "shortcut between thin bottlenecks", "linear projection (no ReLU at the end)",
          "depthwise is cheap; narrow tensors save memory"]),
        ("Expand channels 6x with 1x1, depthwise 3x3, then linear 1x1 projection; it's wide in the middle and thin "
         "at the ends, opposite to ResNet's bottleneck, and the shortcut links the thin ends.",
         ["expand, depthwise, project (1×1-dw3×3-1×1)", "narrow-wide-narrow, inverse of ResNet bottleneck",
          "shortcut between thin bottlenecks", "linear projection (no ReLU at the end)"]),
    ],
    "mobilenetv2-linear-bottleneck": [
        ("No ReLU after the 1x1 projection; ReLU in low dimensions destroys information; manifold of interest; "
         "nonlinearity only in the expanded layer.",
         ["no activation after the 1×1 projection", "ReLU destroys info in low dimensions",
          "manifold of interest argument", "nonlinearity kept in expanded space"]),
        ("The last 1x1 conv of the block has no activation, it's linear. The argument is that a ReLU on a thin, "
         "low-dimensional tensor throws away information, while in the expanded wide layer there's enough "
         "redundancy. And in their experiments adding the ReLU back hurt accuracy.",
         ["no activation after the 1×1 projection", "ReLU destroys info in low dimensions",
          "nonlinearity kept in expanded space", "empirically better accuracy"]),
        ("They drop the ReLU after the last 1x1 because ReLU on a narrow layer loses information; the non-linearity "
         "only happens in the expanded layer, and ablations showed it helps.",
         ["no activation after the 1×1 projection", "ReLU destroys info in low dimensions",
          "nonlinearity kept in expanded space", "empirically better accuracy"]),
    ],
    "residual-vs-inverted-residual": [
        ("ResNet: wide→narrow→wide, skip between the wide tensors. Inverted: narrow→wide→narrow with a depthwise "
         "conv in the middle, linear output, skip between the narrow tensors.",
         ["ResNet - wide → narrow → wide", "Inverted - narrow → wide → narrow", "skip connects the bottlenecks",
          "depthwise conv in expanded space", "linear projection (no ReLU)"]),
        ("A ResNet bottleneck reduces channels with a 1x1, does a 3x3 and expands back, and the shortcut joins the "
         "wide ends. MobileNetV2 does the reverse: expand six times, depthwise 3x3, project down with no ReLU, and "
         "the shortcut connects the thin ends, which saves memory.",
         ["ResNet - wide → narrow → wide", "Inverted - narrow → wide → narrow", "skip connects the bottlenecks",
          "depthwise conv in expanded space", "linear projection (no ReLU)",
          "small tensors between blocks save memory"]),
    ],
    "mobilenetv2-no-relu-bottleneck": [
        ("ReLU zeroes negatives and loses information; in a low-dimensional bottleneck that's irreversible; in the "
         "high-dimensional expansion it's fine; so keep the projection linear.",
         ["ReLU zeroes negatives, loses information", "low-dimensional bottleneck suffers most",
          "high-dim expansion tolerates ReLU", "linear projection preserves information"]),
        ("ReLU throws away everything below zero. If the tensor only has a few channels, that can collapse the "
         "manifold of features you care about, while in the wide expanded layer the information survives in other "
         "channels. Experiments showed the linear version is more accurate.",
         ["ReLU zeroes negatives, loses information", "low-dimensional bottleneck suffers most",
          "high-dim expansion tolerates ReLU", "manifold of interest argument", "empirically better accuracy"]),
        ("Because ReLU zeros out negative values, and in a narrow low-dimensional layer that loses information for "
         "good, while the wide expanded layer has enough redundancy; keeping it linear measured better.",
         ["ReLU zeroes negatives, loses information", "low-dimensional bottleneck suffers most",
          "high-dim expansion tolerates ReLU", "linear projection preserves information",
          "empirically better accuracy"]),
    ],
    "depthwise-flops-calc": [
        ("Standard: 112·112·64·128·9 ≈ 925M MACs. Depthwise: 112·112·64·9 ≈ 7.2M. Pointwise: 112·112·64·128 ≈ 103M. "
         "Total ≈ 110M, 8.4x fewer.",
         ["standard ≈ 925M (924,844,032)", "depthwise ≈ 7.2M", "pointwise ≈ 102.8M", "total ≈ 110M, ~8.4× fewer"]),
        ("For 64 to 128 channels, 3x3, on 112 by 112: the standard conv is about 925 million multiply-adds, the "
         "separable one about 110 million, 7.2 for the depthwise and 103 for the pointwise. That's 1/128 + 1/9 of "
         "the cost, about 8.4 times cheaper; double those numbers if you want FLOPs.",
         ["standard ≈ 925M (924,844,032)", "depthwise ≈ 7.2M", "pointwise ≈ 102.8M", "total ≈ 110M, ~8.4× fewer",
          "ratio = 1/C_out + 1/k²", "MACs vs FLOPs (×2)"]),
        ("Standard: 112*112*64*128*9 = about 925M MACs. Separable: 7.2M depthwise plus 102.8M pointwise, about "
         "110M, so about 8.4x cheaper.",
         ["standard ≈ 925M (924,844,032)", "depthwise ≈ 7.2M", "pointwise ≈ 102.8M", "total ≈ 110M, ~8.4× fewer"]),
    ],
    "mobilenet-width-multiplier": [
        ("alpha in (0,1] scales every layer's channels: M→αM, N→αN; cost and params drop by about α²; trade "
         "accuracy for speed.",
         ["α thins every layer uniformly", "channels become αC (αM in, αN out)", "cost drops ~α² (quadratic)",
          "accuracy vs speed/size trade-off"]),
        ("It's one global knob that makes every layer thinner by the same factor, for example 0.5 gives half the "
         "channels everywhere. Since cost depends on input times output channels, compute drops roughly with alpha "
         "squared, so 0.5 is about four times cheaper. There's also a resolution multiplier for the input size.",
         ["α thins every layer uniformly", "channels become αC (αM in, αN out)", "cost drops ~α² (quadratic)",
          "resolution multiplier ρ companion"]),
        ("Alpha multiplies every layer's channel count, so compute drops about alpha squared; it trades accuracy "
         "for speed.",
         ["α thins every layer uniformly", "channels become αC (αM in, αN out)", "cost drops ~α² (quadratic)",
          "accuracy vs speed/size trade-off"]),
    ],
    "mobilenet-1x1-convs": [
        ("They're the pointwise part of depthwise separable convs: depthwise only filters each channel, 1x1 mixes "
         "channels and sets the output width. About 95% of the compute, but it's a plain GEMM so it runs fast.",
         ["pointwise half of separable conv", "depthwise can't mix channels",
          "1×1 mixes channels / creates features", "changes channel count (expand/project)",
          "dominant but efficient (GEMM, ~95% MACs)"]),
        ("The depthwise conv never combines information across channels, so MobileNet follows it with a 1x1 conv "
         "that linearly combines channels at every pixel. In V2 the 1x1s also expand and project the channel count. "
         "They are most of the MACs but they're just matrix multiplies, which hardware handles well.",
         ["depthwise can't mix channels", "1×1 mixes channels / creates features",
          "changes channel count (expand/project)", "dominant but efficient (GEMM, ~95% MACs)"]),
        ("Depthwise convs only filter spatially per channel, so the pointwise 1x1 mixes channels and changes their "
         "number; it's most of the MACs but runs as an efficient GEMM.",
         ["pointwise half of separable conv", "depthwise can't mix channels",
          "1×1 mixes channels / creates features", "changes channel count (expand/project)",
          "dominant but efficient (GEMM, ~95% MACs)"]),
    ],
    "mobilenet-depthwise-separable": [
        ("Depthwise 3x3 per channel plus 1x1 pointwise; cost ratio 1/N + 1/9; 8-9x fewer ops; only ~1% accuracy "
         "loss.",
         ["depthwise = one filter per channel", "pointwise 1×1 mixes channels", "cost ratio 1/C_out + 1/k²",
          "8-9× fewer MACs for 3×3", "small accuracy loss; depthwise is memory-bound"]),
        ("MobileNet replaces each normal conv with a depthwise conv, one filter per input channel, and a pointwise "
         "1x1 that mixes them. That's about nine times less computation for 3x3 kernels with only a small drop in "
         "ImageNet accuracy, though depthwise layers don't speed up as much on GPUs.",
         ["depthwise = one filter per channel", "pointwise 1×1 mixes channels", "8-9× fewer MACs for 3×3",
          "small accuracy loss; depthwise is memory-bound"]),
    ],
    "mobilenet-v1-v2-v3": [
        ("V1: depthwise separable convs and width multiplier. V2: inverted residuals with linear bottlenecks. V3: "
         "NAS-designed, SE modules, h-swish, cheaper head. Accuracy went up as MACs went down.",
         ["V1 - depthwise separable convs", "V2 - inverted residual + linear bottleneck",
          "V3 - platform-aware NAS + NetAdapt", "V3 - SE blocks and h-swish", "V3 redesigned efficient last stage",
          "accuracy up, MACs down (70.6→72.0→75.2)"]),
        ("V1 introduced depthwise separable convolutions in a plain stack. V2 added inverted residual blocks with "
         "linear bottlenecks and shortcuts. V3 was found by hardware-aware architecture search, then added "
         "squeeze-excite and hard-swish.",
         ["V1 - depthwise separable convs", "V2 - inverted residual + linear bottleneck",
          "V3 - platform-aware NAS + NetAdapt", "V3 - SE blocks and h-swish"]),
        ("V1: depthwise separable convs. V2: inverted residuals and linear bottlenecks. V3: found with "
         "platform-aware NAS plus NetAdapt, adds SE and h-swish; each version more accurate with fewer MACs.",
         ["V1 - depthwise separable convs", "V2 - inverted residual + linear bottleneck",
          "V3 - platform-aware NAS + NetAdapt", "V3 - SE blocks and h-swish",
          "accuracy up, MACs down (70.6→72.0→75.2)"]),
    ],
    "mobilenet-width-multiplier-explain": [
        ("alpha scales the channels of every layer; cost ~alpha²; values 1.0, 0.75, 0.5, 0.25; trade accuracy for "
         "latency; plus a resolution multiplier rho.",
         ["α scales channels of every layer", "cost and params scale ≈ α²", "typical values 1.0/0.75/0.5/0.25",
          "accuracy vs latency trade-off", "resolution multiplier ρ (ρ²)"]),
        ("You pick alpha like 0.75 or 0.5 and every layer gets that fraction of its channels. Computation and "
         "parameters go down by about alpha squared, so you get a family of smaller, faster models with gradually "
         "lower accuracy.",
         ["α scales channels of every layer", "cost and params scale ≈ α²", "typical values 1.0/0.75/0.5/0.25",
          "accuracy vs latency trade-off"]),
    ],
    "nas-what": [
        ("Automated architecture design: a search space, a search strategy (RL, evolution, DARTS), and a cheap way "
         "to estimate performance. EfficientNet-B0 and MobileNetV3 came from NAS. Early methods cost thousands of "
         "GPU-days.",
         ["search space", "search strategy (RL, evolution, gradient)", "performance estimation / proxy",
          "EfficientNet-B0 from NAS, scaled by compound scaling", "high search cost"]),
        ("NAS lets an algorithm design the network. You define which operations and connections are allowed, then a "
         "controller trained with reinforcement learning or an evolutionary algorithm proposes architectures, which "
         "are trained briefly and scored. Modern versions also optimize for latency on the target phone.",
         ["search space", "search strategy (RL, evolution, gradient)", "performance estimation / proxy",
          "multi-objective accuracy vs latency/FLOPs"]),
    ],
    "nas-how-it-works": [
        ("Define a search space; an RNN controller samples architectures; train each child and use validation "
         "accuracy as the reward; update the controller with policy gradient; very expensive, so weight sharing or "
         "DARTS.",
         ["search space of operations", "controller/strategy (RL, evolution)", "evaluate child → accuracy as reward",
          "update controller from reward", "cost and cheaper methods (DARTS, weight sharing)"]),
        ("A controller, say an RNN trained with reinforcement learning, proposes a network from a predefined set of "
         "operations. You train that network, measure its validation accuracy, and feed it back as a reward to "
         "improve the controller. This is extremely expensive, so newer methods share weights in a supernet or make "
         "the search differentiable.",
         ["search space of operations", "controller/strategy (RL, evolution)", "evaluate child → accuracy as reward",
          "update controller from reward", "cost and cheaper methods (DARTS, weight sharing)"]),
        ("You define a search space, a controller samples architectures, each is trained and its validation "
         "accuracy is the reward used to update the controller with policy gradients; it used to cost thousands of "
         "GPU-days.",
         ["search space of operations", "controller/strategy (RL, evolution)", "evaluate child → accuracy as reward",
          "update controller from reward", "cost and cheaper methods (DARTS, weight sharing)"]),
    ],
    "efficientnet-nas": [
        ("Only B0 came from NAS, MnasNet-style: MBConv search space with kernel size, expansion ratio and SE; "
         "reward ACC × (FLOPs/T)^w with a 400M target; RL controller.",
         ["NAS finds B0; scaling gives B1-B7", "search space - MBConv, kernel 3/5, SE, layers",
          "multi-objective accuracy × FLOPs reward", "RL controller samples and trains candidates"]),
        ("They reused the MnasNet search but optimized accuracy and FLOPs instead of latency, targeting about 400 "
         "million FLOPs. The search chose things like kernel size and expansion ratio per stage. It only produced "
         "B0; B1 to B7 come from compound scaling.",
         ["NAS finds B0; scaling gives B1-B7", "search space - MBConv, kernel 3/5, SE, layers",
          "multi-objective accuracy × FLOPs reward"]),
    ],
    "nas-search-spaces": [
        ("NASNet: cell-based, normal and reduction cells stacked. MnasNet: factorized hierarchical, per-stage "
         "choices of kernel size, expansion ratio, SE. Latency in the reward. DARTS and one-shot supernets make it "
         "cheap.",
         ["cell-based search space (normal/reduction)", "block-wise factorized space (MnasNet)",
          "searchable choices (kernel, expansion, SE)", "multi-objective accuracy × latency/FLOPs",
          "weight sharing / differentiable NAS"]),
        ("Early NAS searched a small cell and repeated it, with one normal and one reduction cell. MnasNet and "
         "EfficientNet let each stage differ and searched over kernel 3 or 5, expansion ratio and whether to use "
         "SE. VGG, ResNet and MobileNet V1/V2 were designed by hand.",
         ["cell-based search space (normal/reduction)", "block-wise factorized space (MnasNet)",
          "searchable choices (kernel, expansion, SE)", "VGG/ResNet/MobileNetV1-V2 hand-designed"]),
        ("NASNet searched a repeated cell (normal and reduction); MnasNet searched per block: kernel size, "
         "expansion ratio, SE; with a latency term in the objective; later DARTS and supernets made it cheaper.",
         ["cell-based search space (normal/reduction)", "block-wise factorized space (MnasNet)",
          "searchable choices (kernel, expansion, SE)", "multi-objective accuracy × latency/FLOPs",
          "weight sharing / differentiable NAS"]),
    ],
    "group-normalization": [
        ("Split channels into groups (32), normalize each group per sample; independent of batch size; G=1 is "
         "LayerNorm, G=C InstanceNorm; used in detection.",
         ["normalise over channel groups per sample", "independent of batch size", "LN and IN are special cases",
          "used in detection/segmentation (small batches)"]),
        ("GroupNorm computes the mean and variance over a group of channels for each image, so it works the same "
         "with batch size 2 as with 256. That's why it's popular in detection and segmentation, where each GPU "
         "holds only a couple of high-resolution images. LayerNorm and InstanceNorm are its extremes.",
         ["normalise over channel groups per sample", "independent of batch size", "LN and IN are special cases",
          "used in detection/segmentation (small batches)"]),
        ("GN normalizes groups of channels within each sample, so batch size doesn't matter; LayerNorm is G=1 and "
         "InstanceNorm is G=C.",
         ["normalise over channel groups per sample", "independent of batch size", "LN and IN are special cases"]),
    ],
    "batchnorm-placement": [
        ("Usually conv → BN → ReLU; pre-activation ResNets use BN → ReLU → conv; turn off the conv bias; zero-init "
         "the last BN gamma in each residual block; GroupNorm for small batches.",
         ["standard Conv → BN → ReLU", "pre-activation BN → ReLU → Conv", "drop conv bias before BN",
          "residual details (BN before add, zero-init γ)", "small-batch alternatives (GN, SyncBN, frozen BN)"]),
        ("The standard order is convolution, batch norm, then the ReLU, and the conv doesn't need a bias because "
         "BN's shift replaces it. ResNet v2 moved BN and ReLU before the conv. In residual blocks BN goes before "
         "the addition, not on the shortcut.",
         ["standard Conv → BN → ReLU", "pre-activation BN → ReLU → Conv", "drop conv bias before BN",
          "residual details (BN before add, zero-init γ)"]),
        ("Conv, then BN, then ReLU is standard; ResNet v2 uses BN-ReLU-conv. Set bias=False on convs followed by "
         "BN. For tiny batches use GroupNorm or SyncBN.",
         ["standard Conv → BN → ReLU", "pre-activation BN → ReLU → Conv", "drop conv bias before BN",
          "small-batch alternatives (GN, SyncBN, frozen BN)"]),
    ],
    "resnet-key-innovation": [
        ("Residual learning: y = F(x) + x. Fixes the degradation problem. Gradient flows straight through the "
         "identity. Easy to learn the identity by setting F to zero.",
         ["degradation problem of deep plain nets", "residual learning y = F(x) + x",
          "identity gradient path (the +1 term)", "identity is easy to learn (F → 0)"]),
        ("Before ResNet, deeper plain networks actually got worse training error. ResNet adds a shortcut so each "
         "block only learns a correction on top of its input. If a layer isn't useful, it can just output zero, and "
         "the gradient has a direct path back through the shortcuts.",
         ["degradation problem of deep plain nets", "residual learning y = F(x) + x",
          "identity gradient path (the +1 term)", "identity is easy to learn (F → 0)"]),
        ("Skip connections: the block learns F(x) and outputs F(x) + x. Deep plain nets had higher training error; "
         "with shortcuts the gradient has a direct path and a layer can default to identity.",
         ["degradation problem of deep plain nets", "residual learning y = F(x) + x",
          "identity gradient path (the +1 term)", "identity is easy to learn (F → 0)"]),
    ],
    "resnet-bottleneck-block": [
        ("1x1 reduce 256→64, 3x3 at 64, 1x1 back to 256. ~70K vs 590K weights, about 8x cheaper. Lets ResNet-50 be "
         "deeper at almost the same cost.",
         ["1x1 reduce, 3x3, 1x1 restore", "far fewer params/FLOPs (~8.5×)", "3x3 runs on reduced channels",
          "enables deeper nets at same cost"]),
        ("Instead of two 3x3 convs at full width, you shrink the channels with a 1x1, do the 3x3 on the smaller "
         "tensor, and expand back with another 1x1. That cuts parameters and FLOPs a lot and gives three ReLUs per "
         "block, so you can go much deeper for a similar budget.",
         ["1x1 reduce, 3x3, 1x1 restore", "far fewer params/FLOPs (~8.5×)", "3x3 runs on reduced channels",
          "more non-linearity per block", "enables deeper nets at same cost"]),
        ("A 1x1 conv reduces 256 channels to 64, the 3x3 works on 64, and a 1x1 expands back to 256: about 70K "
         "weights instead of 590K, so ResNet-50 can go deeper cheaply.",
         ["1x1 reduce, 3x3, 1x1 restore", "far fewer params/FLOPs (~8.5×)", "3x3 runs on reduced channels",
          "enables deeper nets at same cost"]),
    ],
    "resnet-implement-block": [
        ("conv3x3-BN-ReLU-conv3x3-BN, add the input, then ReLU; if the stride or channels change, use a 1x1 conv + "
         "BN shortcut; convs with bias=False.",
         ["two 3×3 conv + BN, ReLU between", "identity shortcut added to output",
          "1×1 projection when shape changes", "ReLU after the addition", "bias=False before BN"]),
        ("Two nn.Conv2d(c, c, 3, padding=1, bias=False) each followed by nn.BatchNorm2d; forward is out = "
         "relu(bn1(conv1(x))), out = bn2(conv2(out)), out += self.shortcut(x), return relu(out). The shortcut is "
         "nn.Identity, or a 1x1 conv with stride when the shapes differ.",
         ["two 3×3 conv + BN, ReLU between", "identity shortcut added to output",
          "1×1 projection when shape changes", "ReLU after the addition", "bias=False before BN"]),
    ],
    "resnet-why-works": [
        ("Learns residuals, F(x) + x; the identity path lets gradients pass unchanged; fixes degradation; smoother "
         "loss landscape; acts like an ensemble of shallow paths.",
         ["residual learning y = F(x) + x", "identity gradient path (the +1 term)",
          "degradation problem of deep plain nets", "smoother loss landscape", "implicit ensemble of shallow paths"]),
        ("Each block only has to learn a small correction to its input, and the shortcut gives the gradient a path "
         "that skips the weights, so early layers still learn. Studies also show the loss surface is much smoother "
         "with skips, and the network behaves like an ensemble of many shorter networks.",
         ["residual learning y = F(x) + x", "identity gradient path (the +1 term)", "smoother loss landscape",
          "implicit ensemble of shallow paths"]),
    ],
    "resnet-18-34-vs-50-152": [
        ("18/34 use basic blocks of two 3x3 convs; 50/101/152 use 1x1-3x3-1x1 bottlenecks with expansion 4, so the "
         "final features are 2048-d instead of 512. ResNet-50: 25.6M params, 4.1 GMACs vs ResNet-34's 21.8M, 3.7.",
         ["basic block, two 3×3 convs (18/34)", "bottleneck 1×1-3×3-1×1 (50/101/152)",
          "expansion 4, 2048-d vs 512-d features", "numbers (25.6M, 4.1 GMACs vs 21.8M, 3.7)"]),
        ("The small ones stack basic blocks with two 3x3 convolutions, the deeper ones use bottleneck blocks: 1x1 "
         "to reduce, 3x3, 1x1 to expand four times. A bottleneck costs about the same as a basic block, so "
         "ResNet-50 has the same stage layout 3, 4, 6, 3 as ResNet-34 but three layers per block.",
         ["basic block, two 3×3 convs (18/34)", "bottleneck 1×1-3×3-1×1 (50/101/152)",
          "expansion 4, 2048-d vs 512-d features", "similar cost per block, more depth",
          "stages [3,4,6,3] / [3,4,23,3] / [3,8,36,3]"]),
    ],
    "bottleneck-1x1-why": [
        ("1x1 cuts 256 channels to 64 so the 3x3 is 16x cheaper, then another 1x1 expands back to 256 for the "
         "shortcut. The block has about 70K weights vs 590K for a plain 3x3.",
         ["reduce channels before the 3×3", "3×3 cost ∝ C_in·C_out (16× cheaper)",
          "expand back to match the shortcut", "whole block 69,632 vs 589,824 (8.47×)"]),
        ("A 3x3 conv's cost grows with input times output channels, so you first use a cheap 1x1 to reduce the "
         "channels, run the 3x3 on the thin tensor, and restore the width with another 1x1 so the addition works. "
         "1x1s also mix channels at each pixel and add extra non-linearities, an idea from Network in Network and "
         "GoogLeNet.",
         ["reduce channels before the 3×3", "3×3 cost ∝ C_in·C_out (16× cheaper)",
          "expand back to match the shortcut", "per-pixel channel mixing, extra nonlinearity",
          "NiN/GoogLeNet origin, low-rank caveat"]),
    ],
    "plain-net-degradation": [
        ("Not overfitting: training error rises too. A deeper net could copy the shallow one plus identity layers, "
         "but SGD can't find that. Not vanishing gradients either, BN was used. Residual connections fix it.",
         ["optimisation problem, not overfitting", "deeper net could learn identity layers",
          "identity hard for stacked nonlinear layers", "not mainly vanishing gradients (BN present)",
          "fix - residuals or careful init"]),
        ("It's an optimization problem. In theory the extra layers could just be identities, so the deep net should "
         "be at least as good, but stacks of conv+ReLU layers find it hard to represent identity and the solver "
         "doesn't get there. The loss landscape becomes badly conditioned; ResNet fixes it by making identity the "
         "default.",
         ["optimisation problem, not overfitting", "deeper net could learn identity layers",
          "identity hard for stacked nonlinear layers", "ill-conditioned / shattered gradients",
          "fix - residuals or careful init"]),
    ],
    "residual-vanishing-gradient": [
        ("dL/dx = dL/dy · (1 + dF/dx), so even if dF/dx is tiny the gradient passes through; in a plain net it's a "
         "product of many Jacobians that shrinks exponentially; x_L = x_l + sum of the F's.",
         ["gradient = dL/dy · (1 + dF/dx)", "direct path without weight multiplication",
          "plain net gradient is a product", "sum over layers (x_L = x_l + ΣF)"]),
        ("In a plain net the gradient is multiplied by every layer's weights and activation derivatives, so it can "
         "vanish. With y = x + F(x), the derivative has a +1 from the identity, giving the gradient a highway that "
         "never gets multiplied down. Pre-activation ResNets keep that path completely clean.",
         ["gradient = dL/dy · (1 + dF/dx)", "direct path without weight multiplication",
          "plain net gradient is a product", "pre-activation keeps a pure identity path"]),
    ],
    "basic-vs-bottleneck-block": [
        ("Basic: two 3x3 convs (ResNet-18/34). Bottleneck: 1x1 reduce, 3x3, 1x1 expand, output 4x the width "
         "(ResNet-50+). Similar cost per block.",
         ["basic = two 3×3 convs (ResNet-18/34)", "bottleneck = 1×1 reduce, 3×3, 1×1 expand",
          "expansion 4 (64 → 256)", "similar cost, deeper/wider (69,632 vs 73,728)"]),
        ("A basic block is two 3x3 convs at the same width. A bottleneck squeezes with a 1x1, does a 3x3 on fewer "
         "channels, then expands back with a 1x1 to four times that width. The bottleneck lets deep nets be much "
         "deeper for about the same compute, while basic blocks are fine for shallow networks.",
         ["basic = two 3×3 convs (ResNet-18/34)", "bottleneck = 1×1 reduce, 3×3, 1×1 expand",
          "expansion 4 (64 → 256)", "similar cost, deeper/wider (69,632 vs 73,728)",
          "basic better for shallow/low channel nets"]),
    ],
    "bottleneck-1x1-purpose": [
        ("Reduce channels before the 3x3 to save params and FLOPs, then restore them to match the shortcut; they "
         "also mix channels per pixel.",
         ["reduce dimensionality before 3×3", "fewer params and FLOPs", "expand back to match shortcut",
          "per-pixel channel mixing"]),
        ("The first 1x1 shrinks 256 channels to 64 so the 3x3 is cheap, the second brings it back to 256 so it can "
         "be added to the skip. Overall the block has about 70 thousand weights versus almost 600 thousand for a "
         "full-width 3x3, and each 1x1 is like a fully connected layer over channels at every pixel.",
         ["reduce dimensionality before 3×3", "fewer params and FLOPs", "expand back to match shortcut",
          "69,632 vs 589,824 (8.47×)", "per-pixel channel mixing"]),
    ],
    "skip-dimension-mismatch": [
        ("The add needs equal shapes, so use a 1x1 conv with stride 2 (plus BN) on the shortcut, or zero-pad the "
         "extra channels and subsample; ResNet uses projections only where shapes change.",
         ["shapes must match for the addition", "1×1 projection shortcut (stride 2)", "zero-padding identity option",
          "projection only where needed (option B)"]),
        ("You can't add tensors of different shapes, so when a stage downsamples and doubles channels the shortcut "
         "gets a 1x1 convolution with stride 2 to match. The paper also tried padding the identity with zeros, "
         "which has no parameters. ResNet-D adds an average pool before the 1x1 so it doesn't throw away three "
         "quarters of the pixels.",
         ["shapes must match for the addition", "1×1 projection shortcut (stride 2)", "zero-padding identity option",
          "avg-pool variant (ResNet-D)"]),
    ],
    "resnet-global-average-pooling": [
        ("Averages the 7x7x2048 map to a 2048-vector; no big FC layer, so fewer parameters and less overfitting; "
         "works for any input size.",
         ["7×7×2048 → 2048-vector", "no huge FC layer (fewer params)", "less overfitting / regulariser",
          "accepts any input size"]),
        ("GAP takes the mean of each final feature map, so you get one number per channel and only need a single "
         "2048 by 1000 linear layer. That avoids VGG-style FC layers with a hundred million weights, acts as a "
         "regularizer, lets the network take different image sizes and gives you class activation maps for free.",
         ["7×7×2048 → 2048-vector", "no huge FC layer (fewer params)", "less overfitting / regulariser",
          "accepts any input size", "translation invariance / CAM"]),
    ],
    "resnet-10000-layers": [
        ("In principle yes: ResNet-1001 trained, Fixup trained 10,000 layers. But memory and time grow linearly, "
         "accuracy gains vanish, and wider, shallower nets do better.",
         ["possible in principle (ResNet-1001/1202, Fixup 10k)", "memory and compute grow with depth",
          "diminishing returns / redundancy", "width more efficient than extreme depth"]),
        ("Probably yes with the right setup: pre-activation blocks and an initialization that makes each residual "
         "branch start near zero. But it would be slow and memory hungry, and past a thousand layers you don't get "
         "better accuracy; the 1202-layer ResNet did worse than the 110-layer one.",
         ["possible in principle (ResNet-1001/1202, Fixup 10k)", "memory and compute grow with depth",
          "diminishing returns / redundancy", "needs careful init / normalization"]),
    ],
    "resnet-implement-downsampling-block": [
        ("First 3x3 conv with stride=2, second with stride 1, BN after each, bias=False. Shortcut = 1x1 conv with "
         "stride 2 + BN when the shape changes, else identity. out = relu(out + shortcut(x)).",
         ["stride 2 in first conv and shortcut", "1×1 projection shortcut when shapes differ",
          "conv-BN-ReLU, bias=False", "ReLU after out + shortcut", "identity shortcut otherwise"]),
        ("Same as a basic block, except the first conv uses stride two to halve the resolution and the shortcut "
         "becomes a 1x1 convolution with stride two followed by batch norm, so channel count and size match before "
         "the add. After adding, apply the ReLU.",
         ["stride 2 in first conv and shortcut", "1×1 projection shortcut when shapes differ",
          "ReLU after out + shortcut"]),
    ],
    "resnet-skip-connections-solve": [
        ("Learn F(x) = H(x) - x; the gradient gets a 1 + dF/dx term; direct path to early layers; pushing F to zero "
         "gives identity; trains 152+ layers.",
         ["learn residual F(x) = H(x) − x", "gradient has identity term (1 + dF/dx)",
          "direct gradient path to early layers", "identity is easy (push F to zero)", "enables very deep networks"]),
        ("The block only models the difference from its input, so if the ideal mapping is close to identity the "
         "weights can just go to zero. Backprop through the addition passes the gradient unchanged to earlier "
         "blocks, so even very deep networks like ResNet-152 train.",
         ["learn residual F(x) = H(x) − x", "direct gradient path to early layers",
          "identity is easy (push F to zero)", "enables very deep networks"]),
    ],
    "resnet-18-50-101-compare": [
        ("ResNet-18: basic blocks [2,2,2,2], 11.7M params, 1.8 GMACs. ResNet-50: bottlenecks [3,4,6,3], 25.6M, 4.1. "
         "ResNet-101: [3,4,23,3], 44.5M, 7.8.",
         ["basic block vs bottleneck block", "stage configs [2,2,2,2] / [3,4,6,3] / [3,4,23,3]",
          "params 11.7M / 25.6M / 44.5M", "compute 1.8 / 4.1 / 7.8 GMACs"]),
        ("18 uses basic blocks, 50 and 101 use bottlenecks; 101 just has 23 blocks in the third stage instead of 6. "
         "Parameters go roughly 12, 26 and 45 million, and 101 only adds about a point of accuracy over 50, so "
         "ResNet-50 is the usual default.",
         ["basic block vs bottleneck block", "stage configs [2,2,2,2] / [3,4,6,3] / [3,4,23,3]",
          "params 11.7M / 25.6M / 44.5M", "accuracy vs cost trade-off / use cases"]),
        ("18 uses basic blocks [2,2,2,2], 50 and 101 use bottlenecks [3,4,6,3] and [3,4,23,3]; roughly 11.7M, "
         "25.6M, 44.5M params and 1.8, 4.1, 7.8 GMACs.",
         ["basic block vs bottleneck block", "stage configs [2,2,2,2] / [3,4,6,3] / [3,4,23,3]",
          "params 11.7M / 25.6M / 44.5M", "compute 1.8 / 4.1 / 7.8 GMACs"]),
    ],
    "resnet-identity-mapping": [
        ("The shortcut passes x unchanged: y = F(x) + x; if F goes to zero the block is the identity; x_L = x_l + "
         "sum of F; 1x1 projection when shapes change; pre-activation keeps it clean.",
         ["shortcut adds x unchanged (y = F(x)+x)", "identity reachable by F → 0", "x_L = x_l + sum of residuals",
          "projection shortcut when dimensions change", "clean identity path motivates pre-activation"]),
        ("The skip connection just copies the input and adds it to the block output, with no weights. So a block "
         "that isn't needed can learn zero and become the identity. He et al. later showed it works best when "
         "nothing, not even a ReLU, sits on that path, which led to pre-activation ResNets.",
         ["shortcut adds x unchanged (y = F(x)+x)", "identity reachable by F → 0",
          "clean identity path motivates pre-activation"]),
        ("The shortcut carries x through unchanged, so y = F(x) + x and the block can become the identity by "
         "setting F to zero; with projection shortcuts only where the shape changes.",
         ["shortcut adds x unchanged (y = F(x)+x)", "identity reachable by F → 0",
          "projection shortcut when dimensions change"]),
    ],
    "resnet-bottleneck-deeper": [
        ("1x1 reduces 256→64, 3x3 on 64 channels, 1x1 expands back to 256 for the add; ~70K vs 590K weights, which "
         "is how ResNet-50/101/152 stay affordable.",
         ["1×1 reduce → 3×3 → 1×1 expand", "expensive 3×3 runs on fewer channels",
          "69,632 vs 589,824 weights (~8.5×)", "expansion restores channels for the addition",
          "enables 50/101/152-layer depth at low cost"]),
        ("In ResNet-50 and deeper, each block squeezes the channels with a 1x1, runs the expensive 3x3 on the "
         "narrow tensor, and expands by four with another 1x1. That's why ResNet-152 still costs less than VGG-16.",
         ["1×1 reduce → 3×3 → 1×1 expand", "expensive 3×3 runs on fewer channels",
          "expansion restores channels for the addition", "enables 50/101/152-layer depth at low cost"]),
    ],
    "resnet-pre-vs-post-activation": [
        ("Post-activation (v1): conv-BN-ReLU, add, then ReLU. Pre-activation (v2): BN-ReLU-conv, nothing after the "
         "add, so the identity path is clean. Helps mostly for very deep nets like ResNet-1001.",
         ["post-act - conv-BN-ReLU, add, then ReLU", "pre-act - BN-ReLU-conv, nothing after add",
          "clean identity path for signal and gradient", "gains mainly in very deep nets (1001, 200)"]),
        ("In the original ResNet the ReLU comes after the addition, so the shortcut signal gets clipped. ResNet v2 "
         "moves BN and ReLU in front of each conv, leaving a pure identity path, and the gain shows up mainly at "
         "200 or 1000 layers. torchvision's ResNets are still the post-activation version.",
         ["post-act - conv-BN-ReLU, add, then ReLU", "pre-act - BN-ReLU-conv, nothing after add",
          "clean identity path for signal and gradient", "gains mainly in very deep nets (1001, 200)",
          "torchvision ResNets are still post-activation"]),
        ("Post-activation: conv-BN-ReLU, add, ReLU after the addition. Pre-activation: BN-ReLU-conv and nothing "
         "after the add, so the identity path is clean; helps mostly for 1000-layer nets.",
         ["post-act - conv-BN-ReLU, add, then ReLU", "pre-act - BN-ReLU-conv, nothing after add",
          "clean identity path for signal and gradient", "gains mainly in very deep nets (1001, 200)"]),
    ],
    "gradient-flow-skip-vs-plain": [
        ("Plain: the chain rule multiplies Jacobians, so gradients vanish or explode. Skip: the derivative is 1 + "
         "dF/dx, an additive path straight to early layers, so 1000-layer nets train.",
         ["plain nets multiply Jacobians", "vanishing / exploding gradients", "residual gradient has the +1 term",
          "direct additive path to early layers", "enables very deep training"]),
        ("Without skips the gradient at layer one is a product of all later layers' derivatives, so it shrinks or "
         "blows up exponentially. With a residual connection there's a term that goes straight back unchanged, so "
         "early layers get a useful signal and the loss surface is smoother.",
         ["plain nets multiply Jacobians", "vanishing / exploding gradients", "direct additive path to early layers",
          "uniform gradient norms, smoother loss"]),
        ("In a plain net the gradient is a product of layer Jacobians and vanishes or explodes; the residual adds "
         "an identity term so gradients reach early layers directly, which is why 1000-layer ResNets train.",
         ["plain nets multiply Jacobians", "vanishing / exploding gradients", "residual gradient has the +1 term",
          "direct additive path to early layers", "enables very deep training"]),
    ],
    "resnext-cardinality": [
        ("Number of parallel paths in a block, implemented as a grouped 3x3 conv; ResNeXt-50 32x4d has 32 groups of "
         "4 channels; better than going deeper or wider at the same FLOPs.",
         ["number of parallel paths / groups", "implemented as grouped 3×3 conv", "32×4d = 32 groups of width 4",
          "better than deeper/wider at same cost"]),
        ("Cardinality is how many identical branches a ResNeXt block splits into, like 32. In practice you "
         "implement it as a group convolution. Raising it gave better accuracy than adding depth or width at equal "
         "complexity: ResNeXt-50 gets about 77.6% top-1 versus 76.1% for ResNet-50.",
         ["number of parallel paths / groups", "implemented as grouped 3×3 conv",
          "better than deeper/wider at same cost", "77.6% vs 76.1% top-1 at ~25M params"]),
        ("Cardinality is the number of groups (parallel paths) in the grouped 3x3 conv, 32 in ResNeXt-50 32x4d; "
         "more paths beat more depth or width at the same complexity.",
         ["number of parallel paths / groups", "implemented as grouped 3×3 conv", "32×4d = 32 groups of width 4",
          "better than deeper/wider at same cost"]),
    ],
    "resnext-cardinality-explain": [
        ("Cardinality = number of parallel transformations; split-transform-merge like Inception but every branch "
         "has the same topology; grouped conv; a new dimension besides depth and width; better at the same FLOPs.",
         ["cardinality = number of parallel paths", "split-transform-merge (aggregated transforms)",
          "implemented as grouped convolution", "better accuracy at same params/FLOPs",
          "third dimension beyond depth and width"]),
        ("ResNeXt splits each block into many identical small branches and sums them, which is the same as a "
         "grouped convolution. The number of branches is cardinality, a third knob next to depth and width, and "
         "increasing it improved accuracy at the same cost.",
         ["cardinality = number of parallel paths", "split-transform-merge (aggregated transforms)",
          "implemented as grouped convolution", "better accuracy at same params/FLOPs",
          "third dimension beyond depth and width"]),
    ],
    "wide-resnet-vs-resnet": [
        ("WRN: fewer layers, channels times k (e.g. WRN-28-10); beats ResNet-1001 on CIFAR; trains faster on GPUs; "
         "more parameters; dropout between the convs.",
         ["shallower but wider (widening factor k)", "better accuracy than much deeper ResNets",
          "faster training (GPU parallelism)", "more params/memory (~k²)", "dropout between convs"]),
        ("Wide ResNets argue that very deep thin ResNets waste depth, since many blocks barely learn anything. So "
         "they cut depth and multiply the width, and a 16-layer wide net beats a 1000-layer thin one while training "
         "several times faster because wide layers parallelize well. The cost is many more parameters.",
         ["shallower but wider (widening factor k)", "diminishing feature reuse in deep thin nets",
          "better accuracy than much deeper ResNets", "faster training (GPU parallelism)", "more params/memory (~k²)"]),
        ("WRN uses fewer but wider layers (widening factor k), gets better accuracy than very deep thin ResNets, "
         "trains faster on GPUs, at the cost of more parameters.",
         ["shallower but wider (widening factor k)", "better accuracy than much deeper ResNets",
          "faster training (GPU parallelism)", "more params/memory (~k²)"]),
    ],
    "channel-shuffle": [
        ("Group convs isolate groups; reshape to (g, C/g), transpose, flatten; free in FLOPs; ShuffleNet.",
         ["group convs block cross-group information", "reshape, transpose, flatten",
          "no params or FLOPs (memory cost only)", "used in ShuffleNet / V2 with channel split"]),
        ("In ShuffleNet the 1x1 convs are grouped to save compute, but then each group only sees its own channels. "
         "Channel shuffle interleaves the channels between groups by reshaping and transposing, so the next group "
         "conv gets inputs from every group, at no parameter cost.",
         ["group convs block cross-group information", "reshape, transpose, flatten",
          "no params or FLOPs (memory cost only)", "used in ShuffleNet / V2 with channel split"]),
        ("Grouped convs keep groups isolated; shuffling reshapes channels to (groups, channels per group), "
         "transposes and flattens so the next group conv mixes them. No extra FLOPs. From ShuffleNet.",
         ["group convs block cross-group information", "reshape, transpose, flatten",
          "no params or FLOPs (memory cost only)", "used in ShuffleNet / V2 with channel split"]),
    ],
    "stochastic-depth-droppath": [
        ("Randomly skip whole residual branches during training, keep the identity; survival probability decays "
         "linearly with depth; all blocks at test time; regularizes like an ensemble.",
         ["drop whole residual branch (identity remains)", "per-sample Bernoulli with survival prob",
          "linear decay with depth", "rescale (1/p) or all blocks at test time", "implicit ensemble / regularization"]),
        ("For each sample in the batch, each residual block's branch is dropped with some probability, so the block "
         "just passes its input through. Deeper blocks get dropped more often. At inference everything is used, "
         "with outputs scaled by the keep probability.",
         ["drop whole residual branch (identity remains)", "per-sample Bernoulli with survival prob",
          "linear decay with depth", "rescale (1/p) or all blocks at test time"]),
        ("During training each residual branch is dropped at random per sample so the block is just identity; drop "
         "rate rises linearly with depth; at test all blocks run.",
         ["drop whole residual branch (identity remains)", "per-sample Bernoulli with survival prob",
          "linear decay with depth", "rescale (1/p) or all blocks at test time"]),
    ],
    "torchvision-pretrained-vs-weights": [
        ("pretrained=True is deprecated since 0.13; use weights=ResNet50_Weights.IMAGENET1K_V2 or DEFAULT; lets you "
         "pick versions; weights.transforms() gives the preprocessing.",
         ["pretrained=True deprecated", "weights enum (ResNet50_Weights)",
          "choose weight versions (V1 76.1% vs V2 80.9%)", "bundled transforms and metadata"]),
        ("The boolean flag is the old API and is deprecated. The weights enum tells you exactly which checkpoint "
         "you get: for ResNet-50 the newer V2 weights are about 80.9% versus 76.1% for the original, which is what "
         "pretrained=True loads. It also carries the matching transforms and class names.",
         ["pretrained=True deprecated", "weights enum (ResNet50_Weights)",
          "choose weight versions (V1 76.1% vs V2 80.9%)", "bundled transforms and metadata",
          "pretrained=True equals IMAGENET1K_V1"]),
        ("pretrained=True is the old deprecated flag that loads IMAGENET1K_V1; weights= takes an enum like "
         "ResNet50_Weights.DEFAULT and also bundles the transforms.",
         ["pretrained=True deprecated", "weights enum (ResNet50_Weights)", "bundled transforms and metadata",
          "pretrained=True equals IMAGENET1K_V1"]),
    ],
    "vanishing-gradient-deep-cnns": [
        ("Backprop multiplies many derivatives; sigmoid's is at most 0.25, so the gradient shrinks exponentially; "
         "early layers barely learn. Fixes: ReLU, He init, BatchNorm, residual connections.",
         ["chain rule multiplies many small factors", "saturating activations (sigmoid max 0.25)",
          "early layers stop learning", "remedies (ReLU, init, BN, skip connections)"]),
        ("By the chain rule the gradient at the first layers is a product of many terms smaller than one, "
         "especially with sigmoid or tanh that saturate, so it becomes tiny and the early layers stop updating. You "
         "can spot it by logging per-layer gradient norms, and fix it with ReLU, good init, batch norm and skip "
         "connections.",
         ["chain rule multiplies many small factors", "saturating activations (sigmoid max 0.25)",
          "early layers stop learning", "remedies (ReLU, init, BN, skip connections)",
          "diagnose with per-layer gradient norms"]),
    ],
    "transfer-learning-per-model": [
        ("ResNet is the default backbone; EfficientNet transfers best per parameter but is sensitive to resolution "
         "and BN; MobileNet for on-device; VGG features are still used for perceptual loss. Freeze the backbone "
         "first, then fine-tune with a lower learning rate.",
         ["VGG - generic features, style transfer, heavy", "ResNet - default baseline/backbone",
          "EfficientNet - best accuracy/efficiency, finicky", "MobileNet - on-device / edge",
          "fine-tuning recipe (freeze, unfreeze, lower LR)"]),
        ("Models with better ImageNet accuracy generally transfer better. ResNet-50 is the workhorse for detection "
         "and fine-tuning, EfficientNets give more accuracy for the compute but need more care, MobileNets are for "
         "mobile targets, and VGG is heavy and mostly used for style transfer today.",
         ["ImageNet accuracy predicts transfer", "VGG - generic features, style transfer, heavy",
          "ResNet - default baseline/backbone", "EfficientNet - best accuracy/efficiency, finicky",
          "MobileNet - on-device / edge"]),
    ],
    "progressive-resizing": [
        ("Train on small images first, e.g. 128, then 224; early epochs are much cheaper; acts like scale "
         "augmentation; works since GAP accepts any size.",
         ["small images first, then larger", "faster epochs at low resolution",
          "regularization / scale augmentation", "GAP makes weights size-agnostic"]),
        ("You start training at low resolution and increase it over time, which makes the early epochs several "
         "times faster because compute scales with the number of pixels. Because the net is fully convolutional "
         "with global pooling, the same weights work at every size. EfficientNetV2 pairs it with weaker "
         "augmentation at small sizes and stronger at large.",
         ["small images first, then larger", "faster epochs at low resolution", "GAP makes weights size-agnostic",
          "adaptive regularization (EfficientNetV2)"]),
    ],
    "ensemble-architectures": [
        ("Combine different architectures for diverse errors; average the softmax outputs, or stack with a "
         "meta-learner; costs N times the inference, so distill into one model.",
         ["diversity / uncorrelated errors", "soft voting / averaging", "stacking with a meta-learner",
          "N× inference cost; distill for deployment"]),
        ("Ensembling works when the models make different mistakes, so mixing a ResNet, an EfficientNet and a ViT "
         "is better than three ResNets. Usually you just average their probabilities. Snapshot ensembles or "
         "test-time augmentation are cheaper, but any ensemble multiplies inference cost.",
         ["diversity / uncorrelated errors", "soft voting / averaging", "snapshot ensembles / SWA / TTA",
          "N× inference cost; distill for deployment"]),
    ],
    "initialization-strategies": [
        ("Keep the activation variance constant across layers: Xavier for tanh, He (2/fan_in) for ReLU since ReLU "
         "zeroes half the inputs; zero-init the last BN gamma in residual blocks.",
         ["preserve activation/gradient variance", "Xavier for tanh/sigmoid", "He/Kaiming for ReLU, 2/fan_in",
          "ReLU halves the variance", "zero-init last BN gamma in residual blocks"]),
        ("The goal is that signals neither blow up nor die out as they pass through layers. Glorot init scales by "
         "fan-in plus fan-out for tanh, Kaiming init uses variance 2 over fan-in for ReLU networks. In ResNets you "
         "can zero the last batch-norm scale so every block starts as the identity.",
         ["preserve activation/gradient variance", "Xavier for tanh/sigmoid", "He/Kaiming for ReLU, 2/fan_in",
          "zero-init last BN gamma in residual blocks"]),
        ("Xavier/Glorot for tanh, He/Kaiming (variance 2/fan_in) for ReLU so the activation variance stays constant "
         "across layers; ReLU kills half the signal, hence the 2.",
         ["preserve activation/gradient variance", "Xavier for tanh/sigmoid", "He/Kaiming for ReLU, 2/fan_in",
          "ReLU halves the variance"]),
    ],
    "lr-scheduling": [
        ("ResNet/VGG: SGD at 0.1, divide by 10 at epochs 30 and 60; now cosine annealing; warmup for big batches; "
         "EfficientNet: RMSProp with exponential decay; one-cycle for fast training.",
         ["step decay for ResNet/VGG", "cosine annealing", "warm-up, large-batch scaling",
          "EfficientNet/MobileNet exponential decay", "one-cycle / cyclical LR"]),
        ("Classic ResNet training drops the learning rate by ten a couple of times. Most modern recipes use a "
         "cosine decay with a few epochs of linear warmup, especially with large batches. MobileNet and "
         "EfficientNet papers used RMSProp with exponential decay.",
         ["step decay for ResNet/VGG", "cosine annealing", "warm-up, large-batch scaling",
          "EfficientNet/MobileNet exponential decay"]),
        ("Step decay (divide by 10 at set epochs) was the classic ResNet recipe; now cosine annealing with linear "
         "warmup is standard; one-cycle for quick training.",
         ["step decay for ResNet/VGG", "cosine annealing", "warm-up, large-batch scaling", "one-cycle / cyclical LR"]),
    ],
    "fine-tuning-strategies": [
        ("Small data: freeze the backbone, train only the head. More data: fine-tune everything with a 10x smaller "
         "LR. Lower LRs for early layers, unfreeze gradually. Keep BN frozen with small batches.",
         ["train only the head on small data", "full fine-tuning with small LR",
          "discriminative LRs / gradual unfreezing", "freeze BatchNorm statistics"]),
        ("It depends on how much data you have and how close it is to ImageNet. With little similar data train just "
         "a new classifier on frozen features; with more, unfreeze the whole network with a small learning rate. "
         "For VGG I'd drop the big FC layers and use pooling plus a linear head.",
         ["train only the head on small data", "full fine-tuning with small LR",
          "dataset size and similarity decide", "replace VGG's FC head"]),
    ],
    "vgg-vs-resnet-params": [
        ("VGG-16: 138M params, ~124M of them in the FC layers. ResNet-50: 25.6M, thanks to global average pooling "
         "and 1x1 bottlenecks, and it's 76% vs 71.6% top-1.",
         ["VGG params sit in the FC layers", "global average pooling replaces FC",
          "bottleneck 1x1 reduce/restore saves ~8.5×", "ResNet-50 25.6M params, 4.1 GMACs",
          "ResNet-50 more accurate (76 vs 71.6%)"]),
        ("Most of VGG's weights are in the three fully connected layers, the first one alone is about 100 million. "
         "ResNet replaces them with global average pooling and a single small FC, and its bottleneck blocks keep "
         "convs cheap, so ResNet-50 is 5 times smaller and still more accurate.",
         ["VGG params sit in the FC layers", "global average pooling replaces FC",
          "bottleneck 1x1 reduce/restore saves ~8.5×", "ResNet-50 25.6M params, 4.1 GMACs",
          "ResNet-50 more accurate (76 vs 71.6%)"]),
    ],
    "vgg-style-transfer": [
        ("Gatys-style Gram matrices of VGG features capture texture; ResNet features are peaky and stylize worse; "
         "even a random VGG works; it's a simple plain conv stack.",
         ["Gram matrices of VGG features (Gatys)", "features capture texture/style well",
          "residual connections give peaky low-entropy features", "works even with random weights",
          "plain stack, only conv layers needed"]),
        ("Style is measured by correlations between feature channels, the Gram matrix, and VGG's features represent "
         "textures at multiple scales really well. ResNet features, because of the skip connections, give worse "
         "results. It's also a simple chain of conv layers, easy to pull features from.",
         ["Gram matrices of VGG features (Gatys)", "features capture texture/style well",
          "residual connections give peaky low-entropy features", "plain stack, only conv layers needed"]),
    ],
    "vgg16-vs-vgg19": [
        ("VGG-19 has 16 conv layers vs 13, an extra conv in each of the last three blocks; 144M vs 138M params; "
         "19.6 vs 15.5 GMACs; under 1% better; VGG-16 is used more.",
         ["16 vs 19 layers (13 vs 16 conv)", "block configs [2,2,3,3,3] vs [2,2,4,4,4]",
          "params ~138M vs ~144M, FC-dominated", "compute 15.5 vs 19.6 GMACs",
          "marginal accuracy gain; VGG-16 preferred"]),
        ("VGG-19 just adds one more 3x3 conv to each of the last three blocks, so 16 conv layers instead of 13. "
         "Parameters barely change, about 144 versus 138 million because the FC layers dominate, but compute goes "
         "up around a quarter, and accuracy only improves by under a point.",
         ["16 vs 19 layers (13 vs 16 conv)", "block configs [2,2,3,3,3] vs [2,2,4,4,4]",
          "params ~138M vs ~144M, FC-dominated", "compute 15.5 vs 19.6 GMACs",
          "marginal accuracy gain; VGG-16 preferred"]),
        ("VGG-19 has 16 conv layers vs 13, about 144M vs 138M params, 19.6 vs 15.5 GMACs, and only slightly better "
         "accuracy, so VGG-16 is used more.",
         ["16 vs 19 layers (13 vs 16 conv)", "params ~138M vs ~144M, FC-dominated", "compute 15.5 vs 19.6 GMACs",
          "marginal accuracy gain; VGG-16 preferred"]),
    ],
    "vgg-3x3-design": [
        ("Two 3x3 = 5x5 receptive field, three = 7x7; 27C² vs 49C² params; more ReLUs; one kernel size everywhere.",
         ["stacked 3×3 = larger receptive field", "fewer params - 27C² vs 49C²", "more ReLU nonlinearities",
          "uniform, simple architecture"]),
        ("Stacking small 3x3 convs gives the same receptive field as one big filter with fewer weights and a "
         "nonlinearity after each layer, and using a single filter size makes the whole network simple and uniform.",
         ["stacked 3×3 = larger receptive field", "fewer params - 27C² vs 49C²", "more ReLU nonlinearities",
          "uniform, simple architecture"]),
        ("Two stacked 3x3s see a 5x5 region with 18C^2 instead of 25C^2 weights and an extra ReLU; using 3x3 "
         "everywhere keeps the design uniform.",
         ["stacked 3×3 = larger receptive field", "fewer params - 27C² vs 49C²", "more ReLU nonlinearities",
          "uniform, simple architecture"]),
    ],
    "vgg-vs-resnet-cost": [
        ("VGG-16: 138M params, 15.5 GMACs. ResNet-50: 25.6M params, 4.1 GMACs. VGG's FC layers are most of its "
         "params; ResNet uses global average pooling. ResNet is still more accurate.",
         ["params ~138M vs ~25.6M", "compute ~15.5 vs ~4.1 GMACs", "VGG's FC layers dominate params (FC6 102.8M)",
          "ResNet uses global average pooling", "ResNet more accurate (76.1 vs 71.6)"]),
        ("VGG-16 needs about four times the compute of ResNet-50 and over five times the parameters, mostly because "
         "of its fully connected head, yet ResNet-50 is four or five points more accurate on ImageNet.",
         ["params ~138M vs ~25.6M", "compute ~15.5 vs ~4.1 GMACs", "VGG's FC layers dominate params (FC6 102.8M)",
          "ResNet more accurate (76.1 vs 71.6)"]),
        ("VGG-16 is ~138M params and 15.5 GMACs vs ResNet-50's 25.6M and 4.1; VGG's FC layers hold most parameters, "
         "ResNet uses global average pooling, and ResNet is ~4.5 points more accurate.",
         ["params ~138M vs ~25.6M", "compute ~15.5 vs ~4.1 GMACs", "VGG's FC layers dominate params (FC6 102.8M)",
          "ResNet uses global average pooling", "ResNet more accurate (76.1 vs 71.6)"]),
    ],
}

# question id -> an answer making only one or two points, with their labels
PARTIAL: dict[str, tuple[str, list[str]]] = {
    "silu-swish": (
        "It's a smooth ReLU-like function, x*sigmoid(x).",
        ["SiLU(x) = x·sigmoid(x)", "smooth, no kink at zero"]),
    "hard-swish-why": (
        "It's a cheap version of swish they introduced in MobileNetV3.",
        ["approximates swish x·σ(x)", "used in MobileNetV3 (deeper layers)"]),
    "se-block-why": (
        "It's basically attention over channels using global pooling.",
        ["squeeze = global average pooling", "channel attention from global context"]),
    "efficientnet-attention-variants": (
        "They use squeeze-and-excitation channel attention in the MBConv blocks.",
        ["squeeze-and-excitation in each MBConv"]),
    "convnext-large-kernels": (
        "It gives each layer a larger receptive field.",
        ["larger receptive field per layer"]),
    "densenet-vs-resnet-brief": (
        "DenseNet has way fewer parameters but uses more memory.",
        ["fewer params (8.0M vs 25.6M)", "high activation memory, slower on GPU"]),
    "densenet-feature-reuse": (
        "Every layer in a dense block receives all previous layers' outputs.",
        ["each layer sees all previous layers"]),
    "knowledge-distillation-mobile": (
        "The student learns from the teacher's softened outputs with a temperature.",
        ["student mimics teacher's soft outputs", "temperature softens the softmax"]),
    "edge-deployment": (
        "Quantize the model to int8 and use a runtime like TensorFlow Lite.",
        ["quantize to INT8", "optimized runtime and on-device profiling"]),
    "compression-tradeoffs": (
        "You can decompose weight matrices with SVD into low-rank factors.",
        ["low-rank factorization"]),
    "remove-fc-layers": (
        "They have too many parameters.",
        ["FC layers hold most parameters"]),
    "feature-pyramid-network": (
        "A top-down pathway with lateral connections.",
        ["top-down pathway with upsampling", "lateral 1×1 connections, add"]),
    "odd-kernel-sizes": (
        "Because they have a center pixel.",
        ["central pixel / anchor point"]),
    "flops-across-architectures": (
        "VGG-16 is the most expensive at about 15.5 GMACs.",
        ["VGG-16 ~15.5 G, ResNet-50 ~4.1 G"]),
    "efficientnet-compound-scaling-explain": (
        "Higher resolution inputs need a deeper and wider network.",
        ["resolution needs more depth and width"]),
    "efficientnet-b0-b7": (
        "B0 comes from NAS and the others are compound-scaled versions of it.",
        ["B0 is a NAS baseline (MBConv)", "B1-B7 via compound scaling (φ)"]),
    "mobilenetv2-no-relu-bottleneck": (
        "ReLU in a low-dimensional space loses information.",
        ["ReLU zeroes negatives, loses information", "low-dimensional bottleneck suffers most"]),
    "depthwise-flops-calc": (
        "The standard conv is about 925 million MACs.",
        ["standard ≈ 925M (924,844,032)"]),
    "mobilenet-v1-v2-v3": (
        "V3 added SE blocks and the hard-swish activation.",
        ["V3 - SE blocks and h-swish"]),
    "nas-how-it-works": (
        "Sample an architecture, train it, and use its accuracy as the reward.",
        ["evaluate child → accuracy as reward"]),
    "group-normalization": (
        "It doesn't rely on the batch, so it works with small batches.",
        ["independent of batch size"]),
    "resnet-bottleneck-block": (
        "It uses a 1x1 conv to reduce channels, a 3x3, and a 1x1 to restore them.",
        ["1x1 reduce, 3x3, 1x1 restore"]),
    "plain-net-degradation": (
        "It's not overfitting since training error also goes up.",
        ["optimisation problem, not overfitting"]),
    "skip-dimension-mismatch": (
        "Use a 1x1 convolution on the shortcut to match dimensions.",
        ["1×1 projection shortcut (stride 2)"]),
    "resnet-pre-vs-post-activation": (
        "Pre-activation puts BN and ReLU before the convolution.",
        ["pre-act - BN-ReLU-conv, nothing after add"]),
    "resnext-cardinality": (
        "The number of groups in the grouped convolution.",
        ["number of parallel paths / groups", "implemented as grouped 3×3 conv"]),
    "channel-shuffle": (
        "It lets information flow between groups in grouped convolutions.",
        ["group convs block cross-group information"]),
    "stochastic-depth-droppath": (
        "It randomly drops entire residual blocks during training.",
        ["drop whole residual branch (identity remains)"]),
    "lr-scheduling": (
        "Use warmup, then cosine decay.",
        ["cosine annealing", "warm-up, large-batch scaling"]),
    "vgg16-vs-vgg19": (
        "VGG-19 has three more conv layers.",
        ["16 vs 19 layers (13 vs 16 conv)"]),
}

MIN_STRONG_MEAN = 0.8
MIN_STRONG_GOOD = 0.85     # the share of strong answers suggested Good or Easy
MAX_PARTIAL_SCORE = 0.85   # a partial answer is never suggested Easy


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(BANK)


def test_answers_name_rubric_labels() -> None:
    for qid, cases in [*((q, a) for q, answers in STRONG.items() for a in answers), *PARTIAL.items()]:
        known = {kp.label for kp in BANK.get(qid).key_points}
        assert set(cases[1]) <= known, (qid, set(cases[1]) - known)
        assert len(set(cases[1])) == len(cases[1]), (qid, cases[1])


def test_strong_answers_score_well(grader: Grader) -> None:
    """These answers tuned the rubrics (and sit in the grader's dev set): a regression guard, not evidence."""
    scores = {(qid, n): grader.grade(BANK.get(qid), text) for qid, answers in STRONG.items()
              for n, (text, _) in enumerate(answers)}
    assert not [k for k, r in scores.items() if r.off_topic]
    values = [r.score for r in scores.values()]
    assert sum(values) / len(values) >= MIN_STRONG_MEAN
    assert sum(v >= 0.6 for v in values) / len(values) >= MIN_STRONG_GOOD


def test_partial_answers_score_below_strong_ones(grader: Grader) -> None:
    partial = {qid: grader.grade(BANK.get(qid), text).score for qid, (text, _) in PARTIAL.items()}
    assert max(partial.values()) < MAX_PARTIAL_SCORE, partial
    for qid, score in partial.items():
        best = max(grader.grade(BANK.get(qid), text).score for text, _ in STRONG[qid])
        assert score <= best, qid


def test_every_question_has_answers() -> None:
    assert set(STRONG) == {q.id for q in BANK.questions}
    assert all(len(answers) >= 2 for answers in STRONG.values())
    assert len(PARTIAL) >= 30
