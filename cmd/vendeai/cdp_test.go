package main

import (
	"context"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// cdpCall sends one DevTools protocol command to the tab.
func cdpCall[P, R any](ctx context.Context, t *chromedp.Target, c cdp.Command[P, R], params P) (R, error) {
	return cdp.Call(ctx, t, c, params)
}

// chromedpUpload picks a file in a file input, as the file dialog would.
func chromedpUpload(sel, file string) chromedp.Action[chromedp.Void] {
	return chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file})
}

// chromedpTab presses Tab in the page.
func chromedpTab() chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent("\t")
}
