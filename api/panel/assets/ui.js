// Shared pieces of the screens. Everything renders text as text (Preact
// never parses a string as HTML), so what a customer typed stays inert.
import { html, useEffect, useRef, useState } from './lib.js';
import { stateLabel, reasonText } from './format.js';

let nextID = 0;
export const uid = (prefix) => `${prefix}-${++nextID}`;

// throttle runs fn at most once per ms, always once after the last call,
// and never sooner than delay after a call (what an event announces may
// still be on its way to the database).
export function throttle(fn, ms, delay = 0) {
  let timer = 0;
  let last = 0;
  return (...args) => {
    clearTimeout(timer);
    const wait = Math.max(delay, last + ms - Date.now());
    timer = setTimeout(() => { last = Date.now(); fn(...args); }, wait);
  };
}

export function StatusBadge({ status }) {
  const s = status || 'disconnected';
  return html`<span class=${`badge st-${s}`}>${stateLabel(s)}</span>`;
}

export function StatusLine({ st }) {
  const reason = reasonText(st);
  return html`<span class="status-line"><${StatusBadge} status=${st && st.status} />${reason ? html` <span class="motivo">${reason}</span>` : ''}</span>`;
}

// Switch is a checkbox that reads as an on/off switch.
export function Switch({ id, checked, onChange, label, disabled }) {
  return html`<label class="switch" for=${id}>
    <input id=${id} type="checkbox" role="switch" checked=${!!checked} disabled=${disabled}
      onChange=${(e) => onChange(e.currentTarget.checked)} />
    <span class="trilho" aria-hidden="true"></span>
    <span class="switch-texto">${label}</span>
  </label>`;
}

export function ErrorText({ error }) {
  if (!error) return null;
  const msg = typeof error === 'string' ? error : error.message;
  return html`<p class="erro" role="alert">${msg}</p>`;
}

export function Notice({ text }) {
  return text ? html`<p class="aviso" role="status">${text}</p>` : null;
}

// Field is a labelled form control with its API error beside it.
export function Field({ id, label, error, hint, children }) {
  return html`<div class=${`campo${error ? ' com-erro' : ''}`}>
    <label for=${id}>${label}</label>
    ${children}
    ${hint ? html`<p class="dica" id=${`${id}-dica`}>${hint}</p>` : ''}
    ${error ? html`<p class="erro-campo" id=${`${id}-erro`}>${error}</p>` : ''}
  </div>`;
}

// described links a control to its Field's hint and error.
export function described(id, error, hint) {
  const ids = [hint ? `${id}-dica` : '', error ? `${id}-erro` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': ids || undefined };
}

// Dialog is a native modal <dialog>: focus moves into it, Esc closes it.
export function Dialog({ title, onClose, children }) {
  const ref = useRef(null);
  const [titleID] = useState(() => uid('dlg'));
  useEffect(() => {
    const d = ref.current;
    if (!d.open) d.showModal();
    const cancel = (e) => { e.preventDefault(); onClose(); };
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, [onClose]);
  return html`<dialog ref=${ref} aria-labelledby=${titleID}>
    <div class="dialogo-topo">
      <h2 id=${titleID}>${title}</h2>
      <button type="button" class="fechar" aria-label="Fechar" onClick=${onClose}>×</button>
    </div>
    ${children}
  </dialog>`;
}

// Confirm asks before something that cannot be undone from the panel. With
// typeToConfirm, the button waits until that text is typed.
export function Confirm({ title, message, note, confirmLabel, danger, typeToConfirm, onConfirm, onClose }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [inputID] = useState(() => uid('confirma'));
  const ready = !typeToConfirm || typed.trim() === typeToConfirm.trim();
  const submit = async (e) => {
    e.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <form class="pilha" onSubmit=${submit}>
      <p>${message}</p>
      ${note ? html`<p class="nota">${note}</p>` : ''}
      ${typeToConfirm ? html`<${Field} id=${inputID} label=${`Digite "${typeToConfirm}" para confirmar`}>
        <input id=${inputID} autocomplete="off" value=${typed} onInput=${(e) => setTyped(e.currentTarget.value)} />
      <//>` : ''}
      <${ErrorText} error=${error} />
      <div class="acoes">
        <button type="button" class="secundario" onClick=${onClose}>Cancelar</button>
        <button type="submit" class=${danger ? 'perigo' : ''} disabled=${!ready || busy}>${confirmLabel}</button>
      </div>
    </form>
  <//>`;
}

// CopyButton copies text, falling back to selecting it where the browser
// offers no clipboard (plain HTTP on a LAN address).
export function CopyButton({ text, targetID }) {
  const [done, setDone] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('Copiado!');
    } catch {
      const el = targetID && document.getElementById(targetID);
      if (el) { el.focus(); el.select(); }
      setDone('Selecionado: use Ctrl+C');
    }
  };
  return html`<button type="button" class="secundario" onClick=${copy}>Copiar</button>
    <span class="copiado" role="status">${done}</span>`;
}

// TokenShown shows a new token once, with a copy button.
export function TokenShown({ title, token, onClose }) {
  const [id] = useState(() => uid('token'));
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <div class="pilha">
      <p><strong>Guarde este token agora:</strong> ele não será mostrado de novo.
        Com ele, a loja entra no painel (cole-o em Entrar) ou usa a API.</p>
      <${Field} id=${id} label="Token da empresa">
        <input id=${id} class="token" readonly value=${token} onFocus=${(e) => e.currentTarget.select()} />
      <//>
      <div class="acoes"><${CopyButton} text=${token} targetID=${id} />
        <button type="button" onClick=${onClose}>Já guardei</button></div>
    </div>
  <//>`;
}

// Pager moves through a list: "1–50 de 1.000", previous and next.
export function Pager({ offset, limit, total, onChange, label }) {
  if (total <= limit && offset === 0) return null;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return html`<nav class="paginas" aria-label=${label || 'Páginas'}>
    <button type="button" class="secundario" disabled=${offset === 0} onClick=${() => onChange(Math.max(0, offset - limit))}>‹ Anterior</button>
    <span>${first}–${last} de ${total.toLocaleString('pt-BR')}</span>
    <button type="button" class="secundario" disabled=${last >= total} onClick=${() => onChange(offset + limit)}>Próxima ›</button>
  </nav>`;
}

export function Loading({ text }) {
  return html`<p class="carregando" role="status">${text || 'Carregando…'}</p>`;
}
