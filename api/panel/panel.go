// Package panel is the dealer's web panel: a pt-BR single-page app written
// as plain ES modules and CSS (no build step, no Node toolchain), embedded in
// the binary and served with its security headers, gzip and ETags. Every
// /painel/... path that is not one of its files answers the app's page, so
// deep links work; the app talks to the appliance only through the
// documented REST and WebSocket API.
package panel

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
)

// Prefix is where the panel lives.
const Prefix = "/painel/"

// CSP is the Content-Security-Policy of every panel response: nothing but
// the appliance's own files run, no inline script or style, no framing.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

//go:embed index.html assets
var files embed.FS

// Files are the panel's embedded files (index.html and assets/...).
func Files() fs.FS { return files }

// preloadMark in index.html is replaced by a modulepreload link per module,
// so the browser fetches every module at once instead of import by import.
// assetsMark is replaced by the versioned assets path (see AssetPath).
const (
	preloadMark = "<!--modulepreload-->"
	assetsMark  = "/painel/assets/"
)

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".txt":  "text/plain; charset=utf-8",
}

// asset is one file ready to serve: as it is and gzipped, each with its ETag.
type asset struct {
	ctype          string
	plain, gzipped []byte
	etag, gzipEtag string
}

func newAsset(name string, body []byte) *asset {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	a := &asset{ctype: contentTypes[path.Ext(name)], plain: body, etag: `"` + tag + `"`, gzipEtag: `"` + tag + `-gz"`}
	if a.ctype == "" {
		a.ctype = "application/octet-stream"
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	if buf.Len() < len(body) {
		a.gzipped = buf.Bytes()
	}
	return a
}

// Handler serves the panel. Build it once with New: it compresses and
// hashes every file up front.
//
// The files live under /painel/assets/<version>/, where version is a hash
// of all of them: a new binary's files have new URLs, so the browser may
// keep them for a year without asking (immutable), and the modules' own
// relative imports stay within one version. Only the page itself is
// revalidated on every visit (ETag, a 304 when unchanged).
type Handler struct {
	page    *asset
	version string
	assets  map[string]*asset // by name under the version: "app.js", "screens/estoque.js"
}

// New returns the panel's handler; the embedded files are prepared once
// per process.
func New() (*Handler, error) { return prepared() }

var prepared = sync.OnceValues(prepare)

func prepare() (*Handler, error) {
	h := &Handler{assets: map[string]*asset{}}
	var modules []string
	all := sha256.New()
	err := fs.WalkDir(files, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(name, "assets/")
		h.assets[rel] = newAsset(name, body)
		fmt.Fprintf(all, "%s\x00%d\x00", rel, len(body))
		all.Write(body)
		if path.Ext(name) == ".js" {
			modules = append(modules, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	h.version = hex.EncodeToString(all.Sum(nil)[:6])
	page, err := files.ReadFile("index.html")
	if err != nil {
		return nil, err
	}
	sort.Strings(modules)
	var links strings.Builder
	for _, m := range modules {
		fmt.Fprintf(&links, "<link rel=\"modulepreload\" href=\"%s%s\">\n", assetsMark, m)
	}
	if !bytes.Contains(page, []byte(preloadMark)) {
		return nil, fmt.Errorf("panel: index.html has no %s", preloadMark)
	}
	page = bytes.Replace(page, []byte(preloadMark), []byte(links.String()), 1)
	page = bytes.ReplaceAll(page, []byte(assetsMark), []byte(h.AssetPath()))
	h.page = newAsset("index.html", page)
	return h, nil
}

// AssetPath is where this build's files are served: /painel/assets/<version>/.
func (h *Handler) AssetPath() string { return assetsMark + h.version + "/" }

// SetHeaders writes the security headers every panel response carries.
func SetHeaders(h http.Header) {
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}

// ServeHTTP answers a file under AssetPath, or the app's page for any other
// /painel/ path (the app routes it). A missing asset, or one of another
// version, is a 404, never the page: a browser must not run HTML as a
// script.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	SetHeaders(w.Header())
	if strings.HasPrefix(r.URL.Path, assetsMark) {
		a := h.assets[strings.TrimPrefix(r.URL.Path, h.AssetPath())]
		if a == nil || !strings.HasPrefix(r.URL.Path, h.AssetPath()) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintln(w, "arquivo não encontrado")
			return
		}
		serve(w, r, a, "public, max-age=31536000, immutable")
		return
	}
	serve(w, r, h.page, "no-cache")
}

// serve answers with a, gzipped when the client takes it, or 304 when the
// client's copy is current.
func serve(w http.ResponseWriter, r *http.Request, a *asset, cache string) {
	hdr := w.Header()
	hdr.Set("Content-Type", a.ctype)
	hdr.Set("Cache-Control", cache)
	hdr.Set("Vary", "Accept-Encoding")
	body, etag := a.plain, a.etag
	if a.gzipped != nil && acceptsGzip(r) {
		body, etag = a.gzipped, a.gzipEtag
		hdr.Set("Content-Encoding", "gzip")
	}
	hdr.Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, etag) {
		hdr.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
