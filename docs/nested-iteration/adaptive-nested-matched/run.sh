#!/bin/bash
# One-shot runs of the adaptive nested Peaks study again, now that MGRIT draws the serial runs' minibatches.
cd "$(dirname "$0")/../../.."   # the project root
base="model.layers=64 train.optimizer=adam train.learningRate=0.01 train.lrDecay=0.995 train.batchSize=500 train.epochs=300 nested.levels=3 nested.factor=2 nested.interpolation=linear nested.epochs=100,100,100"
os="propagation=mgrit mgrit.mode=oneshot mgrit.cfactor=16 mgrit.maxLevels=2 mgrit.nrelax=0 mgrit.forwardIterations=1 mgrit.backwardIterations=1"
out=out/adaptive-nested-matched
mkdir -p $out
for seed in 1 2 3; do
  for v in oneshot carry-true carry-false; do
    case $v in
      oneshot) extra="";;
      carry-true) extra="mgrit.onStall=more mgrit.stallWindow=10 mgrit.stallCarry=true";;
      carry-false) extra="mgrit.onStall=more mgrit.stallWindow=10 mgrit.stallCarry=false";;
    esac
    submit/layerbraid train --config conf/peaks.conf --out $out/run-$v-$seed $base $os $extra seed=$seed > $out/$v-$seed-console.log 2>&1
    cp $out/run-$v-$seed/metrics.json $out/$v-$seed-metrics.json
  done
done
