# Curves of the active-learning benchmark. Usage:
#   gnuplot -e "csv='results.csv'; png='out.png'" bench/active-learning/plot.gp
set datafile separator ','
set terminal pngcairo size 1500,450 font ',11'
set output png
set key bottom right
set grid
strategies = system("tail -n +2 '".csv."' | cut -d, -f1 | uniq | tr '\\n' ' '")
set multiplot layout 1,3 title 'Active learning on hippocampus: simulated annotator'
set xlabel 'corrected cases'
set ylabel 'test Dice (model)'
plot for [s in strategies] csv using 3:(strcol(1) eq s ? $5 : NaN) with linespoints title s
set xlabel 'corrected voxels (thousands)'
plot for [s in strategies] csv using ($4/1000):(strcol(1) eq s ? $5 : NaN) with linespoints title s
set xlabel 'corrected cases'
set ylabel 'label-set Dice (truth + pseudo-labels)'
plot for [s in strategies] csv using 3:(strcol(1) eq s ? $6 : NaN) with linespoints title s
unset multiplot
