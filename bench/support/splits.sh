# Shared by bench/user-defaults/run.sh and bench/review-ranking/run.sh (sourced, not run): the
# fixed splits of hippocampus and ACDC and how their cases enter a project. Needs $data,
# $dataset, $split, $work, $labelled, $poolSize and $cli.
#
# hippocampus (sorted labelled cases, n = 0..259): test n % 5 == 4 (the accuracy bench's 52),
# validation n % 5 == 3 (52), pool the other 156, ordered by a fixed shuffle. acdc: test
# imagesTs (40), validation imagesVal (20), pool imagesTr ordered by patient with a fixed
# shuffle, both frames of a patient together (8 labelled = 4 patients).

# shuffled: the lines of stdin in a fixed pseudo-random order (the same on every machine).
shuffled() { sort | awk 'BEGIN { srand(20261207) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2; }

split_cases() {  # writes $work/$dataset/{labelled,pool,eval}.txt (paths of images)
  local out=$work/$dataset
  mkdir -p "$out"
  if [ "$dataset" = hippocampus ]; then
    ls "$data/labelsTr" | grep '\.nii\.gz$' | while read -r f; do
      [ -f "$data/imagesTr/$f" ] && echo "$f"; done | sort >"$out/all.txt"
    local remainder=3
    [ "$split" = test ] && remainder=4
    awk -v r="$remainder" '(NR - 1) % 5 == r' "$out/all.txt" |
      sed "s|^|$data/imagesTr/|" >"$out/eval.txt"
    awk '{ n = NR - 1; if (n % 5 < 3) print }' "$out/all.txt" | shuffled |
      sed "s|^|$data/imagesTr/|" >"$out/order.txt"
  else
    local folder=imagesVal
    [ "$split" = test ] && folder=imagesTs
    ls "$data/$folder"/*.nii.gz >"$out/eval.txt"
    ls "$data/imagesTr" | sed 's/_frame.*//' | sort -u | shuffled | while read -r p; do
      ls "$data/imagesTr/${p}"_frame*.nii.gz; done >"$out/order.txt"
  fi
  head -n "$labelled" "$out/order.txt" >"$out/labelled.txt"
  sed -n "$((labelled + 1)),$((labelled + poolSize))p" "$out/order.txt" >"$out/pool.txt"
}

labels_of() {  # the label folder beside an image's folder
  dirname "$1" | sed -E 's,/images(Tr|Ts|Val)$,/labels\1,'
}

# import_with_labels PROJECT LISTFILE: the images and their labels, via a folder of links.
import_with_labels() {
  local project=$1 list=$2 links
  links=$(mktemp -d)
  mkdir "$links/images" "$links/labels"
  while read -r image; do
    ln -s "$image" "$links/images/$(basename "$image")"
    ln -s "$(labels_of "$image")/$(basename "$image")" "$links/labels/$(basename "$image")"
  done <"$list"
  "$cli" import "$project" "$links/images" --labels "$links/labels" --author bench >/dev/null
  rm -rf "$links"
}

import_images() {  # PROJECT LISTFILE: images only (the unlabelled pool)
  local project=$1 list=$2 links
  links=$(mktemp -d)
  while read -r image; do ln -s "$image" "$links/$(basename "$image")"; done <"$list"
  "$cli" import "$project" "$links" >/dev/null
  rm -rf "$links"
}
