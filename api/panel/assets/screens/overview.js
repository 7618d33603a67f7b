// /painel/empresas/:id — the empresa at a glance: WhatsApp, the bot
// switch, today's messages and the leads by status, all live.
import { html, useCallback, useEffect, useMemo, useState } from '../lib.js';
import { get, post, empresaPath, query, startOfToday } from '../api.js';
import { useLive, useReconnected } from '../live.js';
import { StatusLine, Switch, ErrorText, throttle } from '../ui.js';
import { LEAD_STATUSES, number } from '../format.js';

export function Overview({ id, empresa, setEmpresa, status }) {
  const [resumo, setResumo] = useState(null);
  const [error, setError] = useState(null);

  const load = useCallback(() => {
    get(empresaPath(id, `/resumo${query({ desde: startOfToday() })}`)).then(setResumo).catch(setError);
  }, [id]);
  const reload = useMemo(() => throttle(load, 1000, 300), [load]);
  useEffect(load, [load]);
  useReconnected(load, [load]);
  useLive((events) => {
    // A message may bring a new lead, a lead event a new status: the
    // counts come from the server again, once the burst settles.
    if (events.some((ev) => ev.empresaId === id && (ev.type === 'message' || ev.type === 'lead'))) reload();
  }, [id, reload]);

  const toggle = async (on) => {
    setError(null);
    try {
      const r = await post('/api/bot/toggle', { empresaId: id, botAtivo: on });
      setEmpresa({ ...empresa, botAtivo: r.botAtivo });
    } catch (err) {
      setError(err);
    }
  };

  const base = `/painel/empresas/${id}`;
  return html`<div class="grade">
    <section class="cartao" aria-labelledby="ov-wa">
      <h2 id="ov-wa">WhatsApp</h2>
      <p>${status ? html`<${StatusLine} st=${status} />` : 'Carregando…'}</p>
      <a href=${`${base}/whatsapp`}>${status && status.status === 'connected' ? 'Ver conexão' : 'Conectar o WhatsApp'}</a>
    </section>
    <section class="cartao" aria-labelledby="ov-bot">
      <h2 id="ov-bot">Robô</h2>
      <${Switch} id="ov-bot-ativo" checked=${empresa.botAtivo} onChange=${toggle}
        label=${empresa.botAtivo ? 'Respondendo os clientes' : 'Desligado: ninguém recebe resposta automática'} />
      <${ErrorText} error=${error} />
    </section>
    <section class="cartao" aria-labelledby="ov-msg">
      <h2 id="ov-msg">Mensagens hoje</h2>
      ${resumo ? html`<dl class="numeros">
        <div><dt>Recebidas</dt><dd data-campo="recebidas">${number(resumo.mensagens.recebidas)}</dd></div>
        <div><dt>Enviadas</dt><dd data-campo="enviadas">${number(resumo.mensagens.enviadas)}</dd></div>
      </dl>` : html`<p>Carregando…</p>`}
    </section>
    <section class="cartao" aria-labelledby="ov-leads">
      <h2 id="ov-leads">Leads por status</h2>
      ${resumo ? html`<ul class="lista-leads">
        ${Object.entries(LEAD_STATUSES).map(([s, label]) => html`<li>
          <a href=${`${base}/conversas?status=${s}`}>${label}</a> <strong>${number(resumo.leads[s])}</strong></li>`)}
        <li><a href=${`${base}/conversas`}>Todos</a> <strong>${number(resumo.leads.total)}</strong></li>
      </ul>` : html`<p>Carregando…</p>`}
    </section>
  </div>`;
}
