// /painel/empresas/:id/simulador — try the assistant on the empresa's own
// stock: nothing is sent on WhatsApp and no lead is made.
import { html, useEffect, useRef, useState } from '../lib.js';
import { post } from '../api.js';
import { ErrorText, Field } from '../ui.js';

// A made-up customer number; a new one starts the conversation over.
const newCustomer = () => `5500${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

export function Simulador({ id }) {
  const [from, setFrom] = useState(newCustomer);
  const [chat, setChat] = useState([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const bottom = useRef(null);
  useEffect(() => { if (bottom.current) bottom.current.scrollIntoView({ block: 'end' }); }, [chat]);

  const send = async (e) => {
    e.preventDefault();
    const t = text.trim();
    if (!t || busy) return;
    setBusy(true);
    setError(null);
    setChat((c) => c.concat({ de: 'cliente', text: t }));
    setText('');
    try {
      const r = await post(`/api/bot/simulate/${id}`, { from, text: t });
      setChat((c) => c.concat(r.replies.length ? r.replies.map((x) => ({ de: 'robo', text: x })) : [{ de: 'nota', text: '(o robô não respondeu)' }]));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return html`<div class="conversa simulador">
    <div class="barra">
      <div>
        <h2>Simulador</h2>
        <p class="dica">Escreva como um cliente. O robô responde com o estoque desta loja; nada vai para o WhatsApp.</p>
      </div>
      <button type="button" class="secundario" onClick=${() => { setChat([]); setFrom(newCustomer()); }}>Recomeçar</button>
    </div>
    <section class="mensagens" aria-label="Conversa simulada" aria-live="polite">
      ${chat.length === 0 ? html`<p class="vazio">Experimente: "oi", "tem SUV automático até 120 mil?", "quero ver o 2".</p>` : ''}
      ${chat.map((m, i) => html`<div key=${i} class=${`msg ${m.de === 'cliente' ? 'saida' : m.de === 'robo' ? 'entrada' : 'nota'}`}>
        <p class="msg-texto">${m.text}</p>
        <p class="msg-info">${m.de === 'cliente' ? 'Você (cliente)' : m.de === 'robo' ? 'Robô' : ''}</p>
      </div>`)}
      <div ref=${bottom}></div>
    </section>
    <form class="enviar" onSubmit=${send}>
      <${Field} id="sim-texto" label="Mensagem do cliente">
        <input id="sim-texto" autocomplete="off" value=${text} onInput=${(e) => setText(e.currentTarget.value)} />
      <//>
      <button type="submit" disabled=${busy || !text.trim()}>${busy ? 'Aguardando…' : 'Enviar'}</button>
      <${ErrorText} error=${error} />
    </form>
  </div>`;
}
