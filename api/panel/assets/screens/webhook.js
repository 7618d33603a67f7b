// /painel/empresas/:id/webhook — where the empresa's events go (URL,
// secret, events, on/off), a test ping, and the delivery log with replay.
import { html, useCallback, useEffect, useMemo, useState } from '../lib.js';
import { api, get, post, empresaPath, query } from '../api.js';
import { useLocation, setParams } from '../router.js';
import { useLive, useReconnected } from '../live.js';
import { Confirm, ErrorText, Field, Loading, Notice, Pager, Switch, described, throttle } from '../ui.js';
import { when } from '../format.js';

// The events a webhook may ask for, in the API's order, and the default.
const EVENTOS = [
  ['status', 'Status do WhatsApp'], ['qr', 'QR code'], ['pair_code', 'Código de pareamento'],
  ['bot_toggle', 'Robô ligado ou desligado'], ['message', 'Mensagens'], ['lead', 'Leads que pedem atenção'],
];
const PADRAO = ['status', 'message', 'lead'];
const NOMES = { ...Object.fromEntries(EVENTOS), ping: 'Teste (ping)' };
const STATUS = { pendente: 'Pendentes', entregue: 'Entregues', falhou: 'Falharam' };
const PAGE = 20;
const URL_HINT = 'Como https://crm.exemplo.com.br/webhooks/vendeai';

export function Webhook({ id, session }) {
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  return html`<div class="pilha">
    <${Config} id=${id} onChanged=${changed} />
    <${Log} id=${id} admin=${session.admin} version=${version} />
  </div>`;
}

function Config({ id, onChanged }) {
  const path = empresaPath(id, '/webhook');
  const [current, setCurrent] = useState(undefined); // undefined: loading; null: none
  const [form, setForm] = useState({ url: '', segredo: '', eventos: PADRAO, ativo: true });
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [tested, setTested] = useState(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState(false);

  const show = (w) => {
    setCurrent(w);
    setForm({ url: w ? w.url : '', segredo: '', eventos: w ? w.eventos : PADRAO, ativo: w ? w.ativo : true });
  };
  useEffect(() => { get(path).then((r) => show(r.webhook)).catch(setError); }, [path]);

  const run = async (fn) => {
    setBusy(true);
    setError(null);
    setNotice('');
    setTested(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const save = (e) => {
    e.preventDefault();
    run(async () => {
      const body = { url: form.url.trim(), eventos: form.eventos, ativo: form.ativo };
      if (form.segredo) body.segredo = form.segredo;
      show((await api('PUT', path, body)).webhook);
      setNotice('Webhook salvo.');
      onChanged();
    });
  };
  const test = () => run(async () => {
    setTested((await post(`${path}/testar`)).entrega);
    onChanged();
  });
  const generate = () => {
    const b = new Uint8Array(24);
    crypto.getRandomValues(b);
    setForm({ ...form, segredo: Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') });
  };
  const pick = (ev, on) => setForm({ ...form, eventos: on ? [...form.eventos, ev] : form.eventos.filter((x) => x !== ev) });

  if (current === undefined && !error) return html`<${Loading} />`;
  const secretHint = current ? 'Deixe em branco para manter o segredo atual.' : 'De 16 a 256 caracteres. Assina cada entrega (X-VendeAI-Assinatura); guarde-o no seu CRM.';
  return html`<form class="pilha largura-texto" onSubmit=${save} novalidate>
    <h2>Webhook</h2>
    <p>O VendeAI envia (POST JSON, assinado) os eventos escolhidos para este endereço, com novas
      tentativas por 24 h se ele estiver fora do ar.</p>
    <${Field} id="wh-url" label="URL do seu CRM" hint=${URL_HINT}>
      <input ...${described('wh-url', null, URL_HINT)} type="url" inputmode="url" autocomplete="off" value=${form.url}
        onInput=${(e) => setForm({ ...form, url: e.currentTarget.value })} />
    <//>
    <${Field} id="wh-segredo" label="Segredo" hint=${secretHint}>
      <input ...${described('wh-segredo', null, secretHint)} autocomplete="off" spellcheck="false" value=${form.segredo}
        onInput=${(e) => setForm({ ...form, segredo: e.currentTarget.value })} />
    <//>
    <div class="acoes"><button type="button" class="secundario" onClick=${generate}>Gerar segredo</button></div>
    <fieldset class="opcoes">
      <legend>Eventos</legend>
      ${EVENTOS.map(([ev, label]) => html`<label key=${ev}>
        <input type="checkbox" name="eventos" value=${ev} checked=${form.eventos.includes(ev)} onChange=${(e) => pick(ev, e.currentTarget.checked)} />
        ${label}</label>`)}
    </fieldset>
    <${Switch} id="wh-ativo" checked=${form.ativo} onChange=${(on) => setForm({ ...form, ativo: on })} label="Enviando eventos" />
    <${ErrorText} error=${error} />
    <${Notice} text=${notice} />
    ${tested ? html`<p class=${tested.status === 'entregue' ? 'aviso' : 'erro'} role="status" data-teste=${tested.status}>
      ${tested.status === 'entregue' ? `Teste entregue: o CRM respondeu ${tested.ultimoCodigo}.` : `O teste falhou: ${tested.ultimoErro || `HTTP ${tested.ultimoCodigo}`}`}</p>` : ''}
    <div class="acoes">
      <button type="submit" disabled=${busy}>${busy ? 'Aguarde…' : 'Salvar'}</button>
      <button type="button" class="secundario" disabled=${busy || !current} onClick=${test}>Testar</button>
      ${current ? html`<button type="button" class="secundario" disabled=${busy} onClick=${() => setRemoving(true)}>Remover</button>` : ''}
    </div>
    ${removing ? html`<${Confirm} title="Remover o webhook?" message="O CRM deixa de receber os eventos desta empresa."
      note="O que ainda estava pendente para ele fica como falhou no log." confirmLabel="Remover" danger=${true}
      onClose=${() => setRemoving(false)}
      onConfirm=${async () => { await api('DELETE', path); show(null); setNotice('Webhook removido.'); onChanged(); }} />` : ''}
  </form>`;
}

function Log({ id, admin, version }) {
  const { params } = useLocation();
  const status = params.get('status') || '';
  const offset = Number(params.get('offset')) || 0;
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [sending, setSending] = useState('');

  const load = useCallback(() => {
    get(empresaPath(id, `/webhook/entregas${query({ status, limit: PAGE, offset })}`))
      .then((r) => { setData(r); setError(null); }).catch(setError);
  }, [id, status, offset, version]);
  useEffect(load, [load]);
  useReconnected(load, [load]);
  // Each event may add a delivery, whose attempt lands a moment later.
  const reload = useMemo(() => throttle(load, 2000, 700), [load]);
  useLive((events) => { if (events.some((ev) => ev.empresaId === id)) reload(); }, [id, reload]);

  const resend = async (d) => {
    setSending(d.id);
    setError(null);
    setNotice('');
    try {
      const r = await post(empresaPath(id, `/webhook/entregas/${d.id}/reenviar`));
      setData((x) => ({ ...x, entregas: x.entregas.map((e) => (e.id === d.id ? r.entrega : e)) }));
      setNotice(r.entrega.status === 'entregue' ? 'Reenviada e entregue.' : `Reenviada: ${r.entrega.ultimoErro || r.entrega.status}.`);
    } catch (err) {
      setError(err);
    } finally {
      setSending('');
    }
  };

  const base = `/painel/empresas/${id}/webhook`;
  return html`<section class="pilha" aria-labelledby="log-titulo">
    <div class="barra">
      <h2 id="log-titulo">Entregas</h2>
      <button type="button" class="secundario" onClick=${load}>Atualizar</button>
    </div>
    <nav class="filtro-status" aria-label="Filtrar entregas">
      <a href=${base} aria-current=${status === '' ? 'true' : undefined}>Todas</a>
      ${Object.entries(STATUS).map(([s, label]) => html`<a href=${base + query({ status: s })} aria-current=${status === s ? 'true' : undefined}>${label}</a>`)}
    </nav>
    <${ErrorText} error=${error} />
    <${Notice} text=${notice} />
    ${!data ? html`<${Loading} />` : html`
      <ul class="entregas">
        ${data.entregas.length === 0 ? html`<li class="vazio">Nenhuma entrega${status ? ' com esse status' : ' ainda'}.</li>` : ''}
        ${data.entregas.map((d) => html`<li key=${d.id} class="entrega" data-entrega=${d.id}>
          <div class="entrega-linha">
            <strong>${NOMES[d.evento] || d.evento}</strong>
            <span class=${`etiqueta ent-${d.status}`}>${d.status}</span>
            ${admin && d.destino === 'global' ? html`<span class="etiqueta">webhook global</span>` : ''}
          </div>
          <p class="entrega-info">seq ${d.seq} · ${d.tentativas === 1 ? '1 tentativa' : `${d.tentativas} tentativas`} · criada ${when(d.criadoEm)}
            ${d.entregueEm ? ` · entregue ${when(d.entregueEm)}` : ''}${d.proximaTentativa ? ` · próxima tentativa ${when(d.proximaTentativa)}` : ''}</p>
          ${d.ultimoErro ? html`<p class="entrega-erro">${d.ultimoErro}</p>` : ''}
          <div class="acoes"><button type="button" class="secundario" disabled=${sending === d.id} onClick=${() => resend(d)}
            aria-label=${`Reenviar a entrega ${d.seq}`}>${sending === d.id ? 'Reenviando…' : 'Reenviar'}</button></div>
        </li>`)}
      </ul>
      <${Pager} offset=${offset} limit=${PAGE} total=${data.total} label="Páginas de entregas" onChange=${(o) => setParams({ offset: o || '' })} />`}
  </section>`;
}
