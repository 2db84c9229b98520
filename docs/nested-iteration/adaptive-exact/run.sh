#!/bin/bash
# The stall policy's two exact watches, one after the other per seed, on the two Peaks problems of the
# adaptive-accuracy sections: the overfitted 1000-point L-BFGS run (where the validation watch raised false
# alarms) and the nested 16 -> 32 -> 64 minibatch run with a coarse one-shot solver (where the bias is real).
cd "$(dirname "$0")/../../.."   # the project root
out=out/adaptive-exact
mkdir -p $out
run() { # name, keys...
  local name=$1; shift
  submit/layerbraid train --config conf/peaks.conf --out $out/run-$name "$@" > $out/$name-console.log 2>&1
  cp $out/run-$name/metrics.json $out/$name-metrics.json
}
overfit="train.epochs=400 peaks.trainPerClass=200 propagation=mgrit"
for c in 2 4; do
  it=$([ $c = 2 ] && echo 2 || echo 1)
  for w in none validation exact; do
    stall=$([ $w = none ] && echo "" || echo "mgrit.onStall=more mgrit.stallOn=$w")
    run overfit-c$c-$w $overfit mgrit.cfactor=$c mgrit.forwardIterations=$it $stall seed=1
  done
done
base="model.layers=64 train.optimizer=adam train.learningRate=0.01 train.lrDecay=0.995 train.batchSize=500 train.epochs=300 nested.levels=3 nested.factor=2 nested.interpolation=linear nested.epochs=100,100,100"
os="propagation=mgrit mgrit.mode=oneshot mgrit.cfactor=16 mgrit.maxLevels=2 mgrit.nrelax=0 mgrit.forwardIterations=1 mgrit.backwardIterations=1"
for seed in 1 2 3 4 5; do
  for w in validation exact; do
    run nested-$w-$seed $base $os mgrit.onStall=more mgrit.stallWindow=10 mgrit.stallOn=$w seed=$seed
  done
done
