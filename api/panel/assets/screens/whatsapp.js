// /painel/empresas/:id/whatsapp — link the empresa's number by QR code or
// pairing code, and watch the session live.
import { html, useEffect, useState } from '../lib.js';
import { post } from '../api.js';
import { useLive } from '../live.js';
import { StatusLine, ErrorText, Confirm, Field, described } from '../ui.js';
import { phone as fmtPhone } from '../format.js';

function secondsLeft(expiresAt, now) {
  const t = new Date(expiresAt).getTime();
  return Number.isNaN(t) ? 0 : Math.max(0, Math.round((t - now) / 1000));
}

function QRCode({ qr }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = secondsLeft(qr.expiresAt, now);
  return html`<figure class="qr">
    <img src=${qr.image} width="280" height="280" alt="QR code para vincular o WhatsApp" />
    <figcaption>
      <span class="contagem" role="timer" aria-live="off">${left > 0 ? `Expira em ${left} s` : 'QR expirado: aguardando o próximo…'}</span>
      <span>No celular: WhatsApp › Configurações › Aparelhos conectados › Conectar um aparelho, e aponte para o código.</span>
    </figcaption>
  </figure>`;
}

const LINKED = new Set(['connected', 'reconnecting', 'replaced', 'banned', 'outdated']);

export function WhatsApp({ id, status, setStatus }) {
  const [qr, setQR] = useState(null);
  const [pairing, setPairing] = useState(null); // {phone, code}
  const [askPhone, setAskPhone] = useState(false);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState(null);
  const [confirm, setConfirm] = useState(null);
  const st = status ? status.status : '';

  useEffect(() => {
    if (status && status.status === 'qr' && status.qrImage) {
      setQR((q) => q || { image: status.qrImage, expiresAt: status.qrExpiresAt });
    } else if (status && status.status !== 'qr') {
      setQR(null);
    }
    if (status && status.status === 'connected') {
      setPairing(null);
      setAskPhone(false);
    }
  }, [status]);

  useLive((events) => {
    for (const ev of events) {
      if (ev.empresaId !== id) continue;
      if (ev.type === 'qr') setQR({ image: ev.qrImage, expiresAt: ev.expiresAt });
      else if (ev.type === 'pair_code') setPairing({ phone: ev.phone, code: ev.code });
    }
  }, [id]);

  const act = async (what, fn) => {
    setBusy(what);
    setError(null);
    try {
      const r = await fn();
      if (r && r.status) setStatus(r);
      return r;
    } catch (err) {
      setError(err);
      throw err;
    } finally {
      setBusy('');
    }
  };
  const connect = () => act('connect', async () => {
    const r = await post(`/api/bot/connect/${id}`);
    if (r.qrImage) setQR({ image: r.qrImage, expiresAt: r.qrExpiresAt });
    return r;
  }).catch(() => {});
  const pair = async (e) => {
    e.preventDefault();
    const digits = phone.replace(/\D/g, '');
    try {
      const r = await act('pair', () => post(`/api/bot/pair-phone/${id}`, { phone: digits }));
      setPairing({ phone: digits, code: r.code });
    } catch { /* shown by act */ }
  };

  return html`<div class="pilha largura-texto">
    <section class="cartao" aria-labelledby="wa-status">
      <h2 id="wa-status">Status da conexão</h2>
      <p class="status-grande" aria-live="polite">${status ? html`<${StatusLine} st=${status} />` : 'Carregando…'}</p>
      ${st === 'connected' && status.phone ? html`<p>Número conectado: <strong class="numero">${fmtPhone(status.phone)}</strong>
        ${status.pushName ? html` (${status.pushName})` : ''}</p>` : ''}
      <div class="acoes">
        ${st !== 'connected' && st !== 'qr' ? html`<button type="button" disabled=${!!busy} onClick=${connect}>
          ${busy === 'connect' ? 'Conectando…' : 'Conectar'}</button>` : ''}
        ${st !== 'connected' && !LINKED.has(st) ? html`<button type="button" class="secundario" disabled=${!!busy}
          onClick=${() => setAskPhone(true)}>Conectar com código</button>` : ''}
        ${LINKED.has(st) || st === 'error' ? html`<button type="button" class="secundario" disabled=${!!busy}
          onClick=${() => act('reconnect', () => post(`/api/bot/reconnect/${id}`)).catch(() => {})}>Reconectar</button>` : ''}
        ${st && st !== 'qr' ? html`<button type="button" class="secundario" disabled=${!!busy} onClick=${() => setConfirm('fresh')}>Novo QR</button>` : ''}
        ${st && st !== 'disconnected' && st !== 'logged_out' ? html`<button type="button" class="perigo" disabled=${!!busy}
          onClick=${() => setConfirm('disconnect')}>Desconectar</button>` : ''}
      </div>
      <${ErrorText} error=${error} />
    </section>

    ${qr && st === 'qr' ? html`<section class="cartao" aria-labelledby="wa-qr">
      <h2 id="wa-qr">Leia o QR code</h2>
      <${QRCode} qr=${qr} />
    </section>` : ''}

    ${askPhone && st !== 'connected' ? html`<section class="cartao" aria-labelledby="wa-codigo">
      <h2 id="wa-codigo">Conectar com código</h2>
      <form class="pilha" onSubmit=${pair}>
        <${Field} id="wa-telefone" label="Número do WhatsApp (com DDI e DDD)" hint="Exemplo: 55 21 99999-9999">
          <input ...${described('wa-telefone', null, true)} type="tel" inputmode="tel" autocomplete="tel" required
            value=${phone} onInput=${(e) => setPhone(e.currentTarget.value)} />
        <//>
        <div class="acoes"><button type="submit" disabled=${!!busy}>${busy === 'pair' ? 'Pedindo código…' : 'Pedir código'}</button></div>
      </form>
      ${pairing ? html`<div class="codigo-pareamento">
        <p>No celular ${fmtPhone(pairing.phone)}: WhatsApp › Aparelhos conectados › Conectar com número de telefone, e digite:</p>
        <p class="codigo" aria-label="Código de pareamento">${pairing.code}</p>
      </div>` : ''}
    </section>` : ''}

    ${confirm === 'disconnect' ? html`<${Confirm} title="Desconectar o WhatsApp?"
      message="O celular deixa de estar vinculado e o robô para de responder até você conectar de novo."
      confirmLabel="Desconectar" danger=${true} onClose=${() => setConfirm(null)}
      onConfirm=${() => act('disconnect', () => post(`/api/bot/disconnect/${id}`))} />` : ''}
    ${confirm === 'fresh' ? html`<${Confirm} title="Gerar um novo QR?"
      message="O aparelho vinculado agora (se houver) é desconectado e um novo QR code aparece para ser lido."
      confirmLabel="Gerar novo QR" onClose=${() => setConfirm(null)}
      onConfirm=${() => act('fresh', async () => {
        const r = await post(`/api/bot/reconnect/${id}?fresh=true`);
        if (r.qrImage) setQR({ image: r.qrImage, expiresAt: r.qrExpiresAt });
        return r;
      })} />` : ''}
  </div>`;
}
