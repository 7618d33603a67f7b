// /painel/empresas/:id/configuracoes — the empresa's settings. FIELDS is
// the form: a setting a later feature adds is one more entry.
import { html, useState } from '../lib.js';
import { api, empresaPath, fieldErrors } from '../api.js';
import { Field, ErrorText, Notice, Switch, described } from '../ui.js';

// [wire name, label, kind, hint]
const FIELDS = [
  ['nome', 'Nome da loja', 'text', ''],
  ['nicho', 'Nicho', 'text', 'O ramo da loja, como "veiculos".'],
  ['mensagemBoasVindas', 'Mensagem de boas-vindas', 'textarea', 'A primeira resposta do robô a um cliente novo.'],
  ['mensagemFinanciamento', 'Mensagem sobre financiamento', 'textarea', 'O que o robô diz quando perguntam de financiamento.'],
  ['pausaHumanoHoras', 'Pausa quando um vendedor assume (horas)', 'number', 'Por quanto tempo o robô fica calado com um cliente que pediu um atendente.'],
];

export function Configuracoes({ id, empresa, setEmpresa }) {
  const [form, setForm] = useState(() => Object.fromEntries(FIELDS.map(([k]) => [k, String(empresa[k] ?? '')])));
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved('');
    const body = {};
    for (const [k, , kind] of FIELDS) body[k] = kind === 'number' ? Number(form[k]) : form[k];
    try {
      const r = await api('PATCH', empresaPath(id), body);
      setEmpresa(r.empresa);
      setErrors({});
      setSaved('Configurações salvas.');
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setError(Object.keys(byField).length ? 'Corrija os campos marcados.' : err);
    } finally {
      setBusy(false);
    }
  };
  const toggle = async (on) => {
    try {
      const r = await api('PATCH', empresaPath(id), { botAtivo: on });
      setEmpresa(r.empresa);
    } catch (err) {
      setError(err);
    }
  };

  return html`<form class="pilha largura-texto" onSubmit=${submit} novalidate>
    <h2>Configurações</h2>
    <${Switch} id="cfg-bot" checked=${empresa.botAtivo} onChange=${toggle} label="Robô respondendo os clientes" />
    ${FIELDS.map(([k, label, kind, hint]) => html`<${Field} id=${`cfg-${k}`} label=${label} error=${errors[k]} hint=${hint}>
      ${kind === 'textarea'
        ? html`<textarea ...${described(`cfg-${k}`, errors[k], hint)} rows="4" value=${form[k]} onInput=${(e) => setForm({ ...form, [k]: e.currentTarget.value })}></textarea>`
        : html`<input ...${described(`cfg-${k}`, errors[k], hint)} type=${kind === 'number' ? 'number' : 'text'} value=${form[k]}
            onInput=${(e) => setForm({ ...form, [k]: e.currentTarget.value })} />`}
    <//>`)}
    <${ErrorText} error=${error} />
    <${Notice} text=${saved} />
    <div class="acoes"><button type="submit" disabled=${busy}>${busy ? 'Salvando…' : 'Salvar'}</button></div>
  </form>`;
}
