// CSV import: a file picker or a file dropped on the zone; "substituir
// tudo" asks first. A 422 lists every bad row (linha, campo, erro).
import { html, useState } from '../lib.js';
import { api, empresaPath } from '../api.js';
import { Confirm, ErrorText, Notice } from '../ui.js';

export function Import({ id, onImported }) {
  const [mode, setMode] = useState('atualizar');
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  const [error, setError] = useState(null);
  const [rows, setRows] = useState(null);
  const [pending, setPending] = useState(null); // a file waiting for "substituir" to be confirmed

  const send = async (file) => {
    setBusy(true);
    setError(null);
    setRows(null);
    setResult('');
    const body = new FormData();
    body.append('arquivo', file);
    try {
      const r = await api('POST', empresaPath(id, `/veiculos/import?modo=${mode}`), body);
      setResult(`Importação concluída: ${r.inseridos} novos, ${r.atualizados} atualizados${mode === 'substituir' ? `, ${r.removidos} removidos` : ''}.`);
      onImported();
    } catch (err) {
      setError(err);
      if (err.status === 422 && err.erros) setRows(err.erros);
    } finally {
      setBusy(false);
    }
  };
  const take = (file) => {
    if (!file) return;
    if (mode === 'substituir') setPending(file);
    else send(file);
  };

  return html`<section class="cartao pilha" aria-labelledby="imp-titulo">
    <h2 id="imp-titulo">Importar planilha (CSV)</h2>
    <fieldset class="opcoes">
      <legend>Como importar</legend>
      <label><input type="radio" name="imp-modo" value="atualizar" checked=${mode === 'atualizar'}
        onChange=${() => setMode('atualizar')} /> Atualizar e adicionar (pelo código)</label>
      <label><input type="radio" name="imp-modo" value="substituir" checked=${mode === 'substituir'}
        onChange=${() => setMode('substituir')} /> Substituir tudo</label>
    </fieldset>
    <div class=${`soltar${over ? ' sobre' : ''}`}
      onDragOver=${(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave=${() => setOver(false)}
      onDrop=${(e) => { e.preventDefault(); setOver(false); take(e.dataTransfer.files[0]); }}>
      <p>Arraste o arquivo CSV para cá, ou</p>
      <label class="botao secundario" for="imp-arquivo">Escolher arquivo</label>
      <input id="imp-arquivo" class="escondido-visual" type="file" accept=".csv,text/csv" disabled=${busy}
        onChange=${(e) => { take(e.currentTarget.files[0]); e.currentTarget.value = ''; }} />
      <p class="dica">Separado por ; ou , — preços como R$ 115.900,00, km como 35.000, fotos separadas por |.</p>
    </div>
    ${busy ? html`<p role="status">Importando…</p>` : ''}
    <${Notice} text=${result} />
    <${ErrorText} error=${error} />
    ${rows ? html`<div class="tabela-rolagem"><table class="erros-csv">
      <caption>Linhas com erro (nada foi importado)</caption>
      <thead><tr><th scope="col">Linha</th><th scope="col">Campo</th><th scope="col">Erro</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td>${r.linha}</td><td>${r.campo}</td><td>${r.erro}</td></tr>`)}</tbody>
    </table></div>` : ''}
    ${pending ? html`<${Confirm} title="Substituir todo o estoque?"
      message=${`Os veículos que não estiverem em "${pending.name}" serão removidos do estoque.`}
      confirmLabel="Substituir tudo" danger=${true}
      onClose=${() => setPending(null)} onConfirm=${() => send(pending)} />` : ''}
  </section>`;
}
