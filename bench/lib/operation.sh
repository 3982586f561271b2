# Sourced by bench/ab.sh and bench/profile.sh: sets `path` and `script` (wrk's arguments for
# the body) for the operation named by $op, as bench/suites/http.ts sends it.
case $op in
  get-one) path=/items/42; script=() ;;
  get-list) path='/items?limit=20&offset=40&status=active'; script=() ;;
  post) path=/items; script=(-s "$here/post.lua") ;;
  *) echo "unknown operation $op (get-one, get-list, post)" >&2; exit 2 ;;
esac
