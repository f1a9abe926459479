#!/usr/bin/env python3
"""Training speed: `./convkit train` against PyTorch training the same LeNet, in the same minutes.

Not part of the build or the tests. Needs python3-torch (Debian: /usr/bin/python3).

    /usr/bin/python3 .bench/train_compare.py [--threads 2] [--images 12000] [--rounds 2] [--json FILE]

Both sides: LeNet (conv 5x5 1->6 pad 2, relu, max pool 2, conv 5x5 6->16, relu, max pool 2,
linear 400->120, relu, linear 120->84, relu, linear 84->10), float32 convs, batch 64,
SGD lr 0.05 momentum 0.9 weight decay 5e-4, softmax cross-entropy, --threads threads, two
epochs over --images images. The images/s of the second (warm) epoch is compared; PyTorch
trains on random images (speed does not depend on the pixels), convkit on its synthetic digits.
Rounds alternate which side goes first; per side the best round and the median round are
reported. PyTorch also runs on one thread each round and its better figure counts (on a loaded
machine its OpenMP threads can spin: 2 threads measured 10x slower than 1 for LeNet's first
conv). Prints the ratio convkit / PyTorch (>= 1 means convkit trains at least as fast).

CPU time: each side's process CPU time per image of the second epoch (every thread; convkit's
training record gives it per epoch, PyTorch's from time.process_time()). On a shared machine
wall time depends on what else runs; CPU time per image shows the work each side does, and
images per CPU-second is the speed each side would have on one idle core. The load average is
printed with every round.
"""
import argparse
import json
import os
import statistics
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
    cpu = []
    for epoch in range(2):
        order = torch.randperm(images)
        t0 = time.perf_counter()
        c0 = time.process_time()
        for start in range(0, images, batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = F.cross_entropy(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
        rates.append(images / (time.perf_counter() - t0))
        cpu.append(time.process_time() - c0)
    return rates, cpu


def convkit_epochs(images, threads):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "model")
        cmd = [os.path.join(ROOT, "convkit"), "train", "--epochs", "2", "--train-images", str(images),
               "--threads", str(threads), "--out", out]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(out, "training.json")) as f:
            record = json.load(f)
    return [e["imagesPerSecond"] for e in record["epochs"]], [e["cpuSeconds"] for e in record["epochs"]], record


def load():
    return "load average " + " ".join(f"{v:.1f}" for v in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--images", type=int, default=12000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    rates = {"convkit": [], "torch": []}     # second-epoch images/s of each round (torch: its better thread count)
    cpu_us = {"convkit": [], "torch": []}    # second-epoch CPU microseconds per image, same runs
    loads = []
    record = None
    for r in range(args.rounds):
        sides = ["convkit", "torch"] if r % 2 == 0 else ["torch", "convkit"]
        loads.append(os.getloadavg()[0])
        print(f"round {r + 1}: {load()}")
        for side in sides:
            if side == "torch":
                multi, multi_cpu = torch_epochs(args.images, args.threads)
                single, single_cpu = torch_epochs(args.images, 1)
                print(f"round {r + 1} torch(1) epoch images/s: " + ", ".join(f"{v:.0f}" for v in single)
                      + f"; second epoch {1e6 * single_cpu[-1] / args.images:.0f} us CPU per image")
                print(f"round {r + 1} torch({args.threads}) epoch images/s: " + ", ".join(f"{v:.0f}" for v in multi)
                      + f"; second epoch {1e6 * multi_cpu[-1] / args.images:.0f} us CPU per image")
                better = (single, single_cpu) if single[-1] >= multi[-1] else (multi, multi_cpu)
                rates[side].append(better[0][-1])
                cpu_us[side].append(1e6 * better[1][-1] / args.images)
            else:
                convkit, convkit_cpu, record = convkit_epochs(args.images, args.threads)
                print(f"round {r + 1} convkit({args.threads}) epoch images/s: " + ", ".join(f"{v:.0f}" for v in convkit)
                      + f"; second epoch {1e6 * convkit_cpu[-1] / args.images:.0f} us CPU per image")
                rates[side].append(convkit[-1])
                cpu_us[side].append(1e6 * convkit_cpu[-1] / args.images)
    print(f"end: {load()}")
    best = {side: max(v) for side, v in rates.items()}
    median = {side: statistics.median(v) for side, v in rates.items()}
    cpu = {side: statistics.median(v) for side, v in cpu_us.items()}
    ratio = best["convkit"] / best["torch"]
    print(f"second epoch, best of {args.rounds}: convkit {best['convkit']:.0f} images/s, "
          f"PyTorch {torch.__version__} {best['torch']:.0f} images/s, ratio {ratio:.2f}")
    print(f"second epoch, median of {args.rounds}: convkit {median['convkit']:.0f} images/s, "
          f"PyTorch {median['torch']:.0f} images/s, ratio {median['convkit'] / median['torch']:.2f}")
    print(f"CPU per image, median: convkit {cpu['convkit']:.0f} us, PyTorch {cpu['torch']:.0f} us "
          f"(images per CPU-second: convkit {1e6 / cpu['convkit']:.0f}, PyTorch {1e6 / cpu['torch']:.0f}, "
          f"ratio {cpu['torch'] / cpu['convkit']:.2f})")
    if record is not None:
        print("convkit time per layer (last run, forward + backward of the training steps):")
        total = sum(layer["seconds"] for layer in record["layerSeconds"])
        for layer in record["layerSeconds"]:
            print(f"  {layer['layer']:24s} {layer['seconds']:6.2f} s {100 * layer['seconds'] / total:5.1f}%")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"threads": args.threads, "images": args.images, "rounds": args.rounds,
                       "loadAverage1min": loads,
                       "convkitImagesPerSecond": rates["convkit"], "torchImagesPerSecond": rates["torch"],
                       "convkitCpuMicrosPerImage": cpu_us["convkit"], "torchCpuMicrosPerImage": cpu_us["torch"],
                       "torchVersion": torch.__version__, "ratioBest": ratio,
                       "ratioMedian": median["convkit"] / median["torch"],
                       "ratioCpu": cpu["torch"] / cpu["convkit"],
                       "convkitLayerSeconds": record["layerSeconds"] if record else None}, f, indent=2)


if __name__ == "__main__":
    main()
