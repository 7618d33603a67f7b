// Package bot is VendeAI's sales assistant: the pure logic that turns one
// customer message, that contact's conversation State and the empresa's
// inventory into the replies to send, the new State and the Actions the
// pipeline must carry out (hand the contact to a human, record a visit, opt
// the contact out or back in, register interest in vehicles).
//
// It owns the understanding of pt-BR customer messages (Parse), the
// conversation state per contact (State), the reply texts and the
// Brazilian formatting of money and mileage (FormatPrice, FormatKm). It does
// no I/O of its own beyond the app.VehicleSearcher it is given: loading and
// storing State, sending messages, pushing lead events and checking the
// empresa's botAtivo flag all belong to the pipeline that calls Reply.
package bot
