package bot

// fuzzySet finds the key one edit away from a word (a letter missing,
// added, changed or two swapped) without looking at every key: each key is
// filed under itself and under each of its one-letter deletions, so a
// lookup probes only the word and its own deletions (SymSpell's idea).
// The work of one lookup grows with the word's length, never with the
// number of keys, so a huge inventory cannot make a message slow.
type fuzzySet struct {
	variants map[string][]string
}

// maxFuzzyLen: longer words are never guessed at (no name is that long,
// and a long word would cost as many probes as it has letters).
const maxFuzzyLen = 24

func newFuzzySet(keys []string, minLen int) *fuzzySet {
	s := &fuzzySet{variants: make(map[string][]string, len(keys)*8)}
	for _, k := range keys {
		if len(k) < minLen || len(k) > maxFuzzyLen {
			continue
		}
		s.file(k, k)
		for i := range len(k) {
			s.file(k[:i]+k[i+1:], k)
		}
	}
	return s
}

func (s *fuzzySet) file(variant, key string) {
	for _, k := range s.variants[variant] {
		if k == key {
			return
		}
	}
	s.variants[variant] = append(s.variants[variant], key)
}

// lookup returns the key within one edit of w (the smallest, so that the
// answer never depends on map order), or "".
func (s *fuzzySet) lookup(w string) string {
	if s == nil || len(w) > maxFuzzyLen+1 {
		return ""
	}
	best := ""
	try := func(variant string) {
		for _, k := range s.variants[variant] {
			if (best == "" || k < best) && within1(w, k) {
				best = k
			}
		}
	}
	try(w)
	for i := range len(w) {
		try(w[:i] + w[i+1:])
	}
	return best
}

// within1 reports whether a and b are at most one edit apart (insertion,
// deletion, substitution or a swap of neighbours).
func within1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}
