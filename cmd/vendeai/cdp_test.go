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
