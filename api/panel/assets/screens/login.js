// /painel/entrar and /painel/sair. The pasted token goes once to
// POST /api/sessao, which answers with an HttpOnly cookie; the token is
// never kept by the page (no storage, no readable cookie).
import { html, useEffect, useState } from '../lib.js';
import { api } from '../api.js';
import { ErrorText, Notice, Field, described } from '../ui.js';

export function Login({ notice, onLogin }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api('POST', '/api/sessao', { token: token.trim() });
      setToken('');
      onLogin(s);
    } catch (err) {
      setError(err.status === 401 ? 'Token inválido: confira se colou o token inteiro.' : err);
      setBusy(false);
    }
  };
  return html`<main class="entrar" id="conteudo">
    <form class="cartao pilha" onSubmit=${submit}>
      <h1>VendeAI</h1>
      <p>Entre com o token de administrador (arquivo <code>data/admin.token</code>) ou com o token da sua loja.</p>
      <${Notice} text=${notice} />
      <${Field} id="token" label="Token de acesso" error=${null}
        hint="O token não fica guardado no navegador: o painel usa um cookie de sessão.">
        <input ...${described('token', null, true)} type="password" name="token" autocomplete="off" spellcheck="false"
          required value=${token} onInput=${(e) => setToken(e.currentTarget.value)} />
      <//>
      <${ErrorText} error=${error} />
      <button type="submit" disabled=${busy || !token.trim()}>${busy ? 'Entrando…' : 'Entrar'}</button>
    </form>
  </main>`;
}

export function Logout({ onDone }) {
  const [done, setDone] = useState(false);
  useEffect(() => {
    api('DELETE', '/api/sessao').catch(() => {}).finally(() => { onDone(); setDone(true); });
  }, []);
  return html`<main class="entrar" id="conteudo">
    <div class="cartao pilha">
      <h1>VendeAI</h1>
      <p role="status">${done ? 'Você saiu do painel.' : 'Saindo…'}</p>
      ${done ? html`<a class="botao" href="/painel/entrar">Entrar de novo</a>` : ''}
    </div>
  </main>`;
}
