#!/bin/bash
# The stall policy on Fashion-MNIST (conf/fashion-mnist.conf, seeds 1-3): serial training, a coarse one-shot
# solver (c 8, 2 levels, F-relaxation, 1 forward / 1 backward cycle) without a policy, and with `more`
# watching the exact training loss or the validation loss over windows of 2 epochs (the default window of
# 20 epochs is longer than the 12-epoch schedule).
cd "$(dirname "$0")/../../.."   # the project root
out=out/adaptive-exact-fm
mkdir -p $out
run() { # name, keys...
  local name=$1-$seed; shift
  LAYERBRAID_SUBMIT_ARGS="--driver-memory 8g" submit/layerbraid train --config conf/fashion-mnist.conf \
      --out $out/run-$name "$@" seed=$seed > $out/$name-console.log 2>&1
  cp $out/run-$name/metrics.json $out/$name-metrics.json
}
os="propagation=mgrit mgrit.mode=oneshot mgrit.cfactor=8 mgrit.maxLevels=2 mgrit.nrelax=0 mgrit.forwardIterations=1 mgrit.backwardIterations=1"
for seed in ${SEEDS:-1 2 3}; do
  run serial
  run oneshot $os
  run oneshot-exact $os mgrit.onStall=more mgrit.stallWindow=2 mgrit.stallOn=exact
  run oneshot-validation $os mgrit.onStall=more mgrit.stallWindow=2 mgrit.stallOn=validation
done
