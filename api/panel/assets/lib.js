// The one door to the vendored view library (Preact + htm, one file, no
// build step): screens import from here, so swapping it touches one file.
export {
  html, render, useState, useEffect, useRef, useMemo, useCallback, useReducer,
} from './vendor/preact-htm.js';
