#!/usr/bin/env python3
"""Training speed: `./convkit train` against PyTorch training the same LeNet, in the same minutes.

Not part of the build or the tests. Needs python3-torch (Debian: /usr/bin/python3).

    /usr/bin/python3 .bench/train_compare.py [--threads 2] [--images 12000] [--rounds 2] [--json FILE]

Both sides: LeNet (conv 5x5 1->6 pad 2, relu, max pool 2, conv 5x5 6->16, relu, max pool 2,
linear 400->120, relu, linear 120->84, relu, linear 84->10), float32 convs, batch 64,
SGD lr 0.05 momentum 0.9 weight decay 5e-4, softmax cross-entropy, --threads threads, two
epochs over --images images. The images/s of the second (warm) epoch is compared; PyTorch
trains on random images (speed does not depend on the pixels), convkit on its synthetic digits.
Rounds alternate which side goes first; per side the best round is kept. PyTorch also runs on
one thread each round and its better figure counts (on a loaded machine its OpenMP threads can
spin: 2 threads measured 10x slower than 1 for LeNet's first conv). Prints the ratio
convkit / PyTorch (>= 1 means convkit trains at least as fast).
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def torch_epochs(images, threads, batch=64):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x = torch.rand(images, 1, 28, 28)
    y = torch.randint(0, 10, (images,))
    net = LeNet()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    rates = []
    for epoch in range(2):
        order = torch.randperm(images)
        t0 = time.perf_counter()
        for start in range(0, images, batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = F.cross_entropy(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
        rates.append(images / (time.perf_counter() - t0))
    return rates


def convkit_epochs(images, threads):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "model")
        cmd = [os.path.join(ROOT, "convkit"), "train", "--epochs", "2", "--train-images", str(images),
               "--threads", str(threads), "--out", out]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(out, "training.json")) as f:
            record = json.load(f)
    return [e["imagesPerSecond"] for e in record["epochs"]], record


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--images", type=int, default=12000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    best = {"convkit": 0.0, "torch": 0.0}
    record = None
    for r in range(args.rounds):
        sides = ["convkit", "torch"] if r % 2 == 0 else ["torch", "convkit"]
        for side in sides:
            if side == "torch":
                rates = torch_epochs(args.images, args.threads)
                single = torch_epochs(args.images, 1)
                print(f"round {r + 1} torch(1) epoch images/s: " + ", ".join(f"{v:.0f}" for v in single))
                best[side] = max(best[side], single[-1])
            else:
                rates, record = convkit_epochs(args.images, args.threads)
            print(f"round {r + 1} {side:8s} epoch images/s: " + ", ".join(f"{v:.0f}" for v in rates))
            best[side] = max(best[side], rates[-1])
    ratio = best["convkit"] / best["torch"]
    print(f"second epoch, best of {args.rounds}: convkit {best['convkit']:.0f} images/s, "
          f"PyTorch {torch.__version__} {best['torch']:.0f} images/s, ratio {ratio:.2f}")
    if record is not None:
        print("convkit time per layer (last run):")
        total = sum(layer["seconds"] for layer in record["layerSeconds"])
        for layer in record["layerSeconds"]:
            print(f"  {layer['layer']:24s} {layer['seconds']:6.2f} s {100 * layer['seconds'] / total:5.1f}%")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"threads": args.threads, "images": args.images, "rounds": args.rounds,
                       "convkitImagesPerSecond": best["convkit"], "torchImagesPerSecond": best["torch"],
                       "torchVersion": torch.__version__, "ratio": ratio,
                       "convkitLayerSeconds": record["layerSeconds"] if record else None}, f, indent=2)


if __name__ == "__main__":
    main()
