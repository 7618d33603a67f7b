package panel_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strings"
	"testing"

	"vendeai/api/panel"
)

// weightBudget is the most JavaScript and CSS the panel may ship, before
// compression.
const weightBudget = 150 << 10

func walk(t *testing.T, fn func(name string, body []byte)) {
	t.Helper()
	err := fs.WalkDir(panel.Files(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(panel.Files(), name)
		if err == nil {
			fn(name, body)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWeightBudget(t *testing.T) {
	total := 0
	walk(t, func(name string, body []byte) {
		if ext := path.Ext(name); ext == ".js" || ext == ".css" {
			total += len(body)
		}
	})
	t.Logf("JS+CSS: %d bytes (%.1f KB) of %d KB", total, float64(total)/1024, weightBudget>>10)
	if total > weightBudget || total < 20<<10 {
		t.Errorf("the panel's JS and CSS weigh %d bytes; the budget is %d", total, weightBudget)
	}
}

var (
	inlineHandler = regexp.MustCompile(`(?i)<[^>]+\son[a-z]+\s*=`)
	inlineScript  = regexp.MustCompile(`(?is)<script(?:\s[^>]*)?>\s*[^<\s]`)
	styleAttr     = regexp.MustCompile(`(?i)<[^>]+\sstyle\s*=`)
	htmlSinks     = regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|\beval\(|new Function|javascript:`)
	relImport     = regexp.MustCompile(`(?m)(?:^|\s)(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'`)
)

// TestNoInlineCodeAndNoHTMLSinks: the CSP forbids inline scripts, handlers
// and styles; the panel's own code never turns a string into HTML, so what
// a customer typed can only ever be text. (The vendored library is the one
// place that knows innerHTML, for a prop the panel never uses.)
func TestNoInlineCodeAndNoHTMLSinks(t *testing.T) {
	checked := 0
	walk(t, func(name string, body []byte) {
		switch path.Ext(name) {
		case ".html":
			if inlineHandler.Match(body) || inlineScript.Match(body) || styleAttr.Match(body) {
				t.Errorf("%s has inline script, handler or style", name)
			}
		case ".js":
			if strings.Contains(name, "/vendor/") {
				return
			}
			checked++
			if m := htmlSinks.Find(body); m != nil {
				t.Errorf("%s uses %s", name, m)
			}
			if styleAttr.Match(body) {
				t.Errorf("%s sets a style attribute (the CSP refuses inline styles)", name)
			}
		}
	})
	if checked < 10 {
		t.Errorf("only %d modules checked", checked)
	}
}

// TestImportsResolve: every relative import names an embedded module, so a
// typo fails here and not in a dealer's browser.
func TestImportsResolve(t *testing.T) {
	walk(t, func(name string, body []byte) {
		if path.Ext(name) != ".js" || strings.Contains(name, "/vendor/") {
			return
		}
		for _, m := range relImport.FindAllSubmatch(body, -1) {
			target := path.Join(path.Dir(name), string(m[1]))
			if _, err := fs.Stat(panel.Files(), target); err != nil {
				t.Errorf("%s imports %s, which is not embedded", name, m[1])
			}
		}
	})
}

func get(t *testing.T, h http.Handler, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestServesPageAssetsAndHeaders(t *testing.T) {
	h, err := panel.New()
	if err != nil {
		t.Fatal(err)
	}
	a := h.AssetPath()
	if !regexp.MustCompile(`^/painel/assets/[0-9a-f]{12}/$`).MatchString(a) {
		t.Fatalf("asset path %q", a)
	}
	for target, want := range map[string]string{
		"/painel/":                         "text/html; charset=utf-8",
		"/painel/entrar":                   "text/html; charset=utf-8",
		"/painel/empresas/7/conversas/551": "text/html; charset=utf-8",
		a + "app.js":                       "text/javascript; charset=utf-8",
		a + "screens/estoque.js":           "text/javascript; charset=utf-8",
		a + "app.css":                      "text/css; charset=utf-8",
		a + "icone.svg":                    "image/svg+xml",
	} {
		rec := get(t, h, target, nil)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != want {
			t.Errorf("%s: %d %q, want 200 %q", target, rec.Code, rec.Header().Get("Content-Type"), want)
		}
		if rec.Header().Get("Content-Security-Policy") != panel.CSP || rec.Header().Get("X-Content-Type-Options") != "nosniff" ||
			rec.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: security headers %v", target, rec.Header())
		}
	}
	page := get(t, h, "/painel/estoque", nil).Body.String()
	if !strings.Contains(page, `<link rel="modulepreload" href="`+a+`screens/estoque.js">`) ||
		!strings.Contains(page, `<script type="module" src="`+a+`app.js">`) || !strings.Contains(page, `href="`+a+`app.css"`) {
		t.Errorf("the page lacks its versioned links:\n%s", page)
	}
	for _, missing := range []string{a + "nada.js", a, "/painel/assets/app.js", "/painel/assets/000000000000/app.js", a + "../index.html"} {
		if rec := get(t, h, missing, nil); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "<html") {
			t.Errorf("%s: %d, want a plain 404 (never the page as a script)", missing, rec.Code)
		}
	}
}

func TestGzipAndETag(t *testing.T) {
	h, _ := panel.New()
	css := h.AssetPath() + "app.css"
	plain := get(t, h, css, nil)
	zipped := get(t, h, css, map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Body.Len() >= plain.Body.Len() {
		t.Fatalf("gzip: encoding %q, %d bytes vs %d plain", zipped.Header().Get("Content-Encoding"), zipped.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Error("the gzipped body is not the file")
	}
	if refused := get(t, h, css, map[string]string{"Accept-Encoding": "gzip;q=0"}); refused.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refused it")
	}
	etag, zetag := plain.Header().Get("ETag"), zipped.Header().Get("ETag")
	if etag == "" || zetag == "" || etag == zetag || plain.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || plain.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("ETag %q / %q, Cache-Control %q", etag, zetag, plain.Header().Get("Cache-Control"))
	}
	if page := get(t, h, "/painel/", nil); page.Header().Get("Cache-Control") != "no-cache" || page.Header().Get("ETag") == "" {
		t.Errorf("the page: Cache-Control %q, ETag %q (it must be revalidated)", page.Header().Get("Cache-Control"), page.Header().Get("ETag"))
	}
	if again := get(t, h, css, map[string]string{"If-None-Match": etag}); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("revalidation: %d with %d bytes", again.Code, again.Body.Len())
	}
	if other := get(t, h, h.AssetPath()+"app.js", map[string]string{"If-None-Match": etag}); other.Code != http.StatusOK {
		t.Errorf("another file's ETag answered %d", other.Code)
	}
	total, gz := 0, 0
	walk(t, func(name string, body []byte) {
		if ext := path.Ext(name); ext == ".js" || ext == ".css" {
			total += len(body)
			gz += get(t, h, h.AssetPath()+strings.TrimPrefix(name, "assets/"), map[string]string{"Accept-Encoding": "gzip"}).Body.Len()
		}
	})
	t.Logf("JS+CSS: %d bytes, %d gzipped", total, gz)
}
