# Reliability of the predicted Dice (bench/review-ranking/run.sh): each pool pseudo-label's
# predicted against true Dice, one colour per round, with the 0.1-wide bins' means as lines,
# against the diagonal of a perfect predictor.
set terminal pngcairo size 640,560
set output sprintf('%s/%s-reliability.png', folder, dataset)
set datafile separator ','
set key left top
set xlabel 'predicted Dice'
set ylabel 'true Dice'
set xrange [0:1]
set yrange [0:1]
set title sprintf('Predicted against true Dice of the pool pseudo-labels, %s', dataset)
plot x title 'perfect' with lines dashtype 2 lc rgb 'gray', \
     for [r=0:rounds] sprintf('%s/%s-round-%d-cases.csv', folder, dataset, r) \
       using 4:3 title sprintf('round %d, cases', r) with points pt 7 ps 0.6 lc r+1, \
     for [r=0:rounds] sprintf('%s/%s-round-%d-reliability.csv', folder, dataset, r) \
       using 4:5 title sprintf('round %d, bin means', r) with linespoints pt 5 lw 2 lc r+1
