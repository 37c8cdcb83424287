# Reliability diagram of the predicted Dice (bench/review-ranking/run.sh): for each round, the
# mean true Dice of the pseudo-labels in each bin of predicted Dice, against the diagonal.
set terminal pngcairo size 640,560
set output sprintf('%s/%s-reliability.png', folder, dataset)
set datafile separator ','
set key left top
set xlabel 'predicted Dice (bin mean)'
set ylabel 'true Dice (bin mean)'
set xrange [0:1]
set yrange [0:1]
set title sprintf('Predicted against true Dice of the pool pseudo-labels, %s', dataset)
plot x title 'perfect' with lines dashtype 2 lc rgb 'gray', \
     for [r=0:rounds] sprintf('%s/%s-round-%d-reliability.csv', folder, dataset, r) \
       using 4:5 title sprintf('round %d', r) with linespoints pt 7
