// What a token without access, or an unknown address, shows: no data.
import { html } from '../lib.js';

function home(session) {
  return session.admin ? '/painel/empresas' : `/painel/empresas/${session.empresaId}`;
}

export function NoAccess({ session }) {
  return html`<main class="pagina-simples" id="conteudo">
    <h1>Sem acesso</h1>
    <p>O token com que você entrou não dá acesso a esta página.</p>
    <p><a href=${home(session)}>Ir para o seu painel</a> · <a href="/painel/sair">Sair e entrar com outro token</a></p>
  </main>`;
}

export function NotFound({ session }) {
  return html`<main class="pagina-simples" id="conteudo">
    <h1>Página não encontrada</h1>
    <p>Este endereço não existe no painel.</p>
    <p><a href=${home(session)}>Ir para o início</a></p>
  </main>`;
}
