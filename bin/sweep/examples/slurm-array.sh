#!/bin/bash
# A sweep over a Slurm job array: one array task per shard. aurora-sim reads the shard from
# SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (counted from SLURM_ARRAY_TASK_MIN, so
# --array=0-3 and --array=1-4 both work), and each array task writes its own folder.
#
#   mkdir -p out/sweep && sbatch bin/sweep/examples/slurm-array.sh
#   # when every array task has finished:
#   npx aurora-sim merge out/sweep/quorum-grid/shard-* --out out/sweep/quorum-grid
#
# Or submit and merge in one go: sbatch --wait bin/sweep/examples/slurm-array.sh && npx aurora-sim merge ...
# The variables below may be set in the environment of sbatch (it exports them to the job);
# GRID is split into words, so its values may not contain spaces.
#
#SBATCH --job-name=aurora-sim-sweep
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --output=out/sweep/slurm-%A_%a.log
set -euo pipefail

AURORA_SIM=${AURORA_SIM:-npx aurora-sim}
SCENARIO=${SCENARIO:-bin/sweep/examples/quorum-grid.yaml}
GRID=${GRID:---grid cluster.quorum.write=3,4,5 --grid cluster.quorum.read=2,3,4}
SEEDS=${SEEDS:-100}
OUT=${OUT:-out/sweep/quorum-grid}

# --resume: an array task Slurm requeues continues where it stopped.
# shellcheck disable=SC2086 # AURORA_SIM and GRID are lists of words
$AURORA_SIM sweep "$SCENARIO" $GRID --seeds "$SEEDS" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$OUT/shard-$SLURM_ARRAY_TASK_ID" --resume "$@"
