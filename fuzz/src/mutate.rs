//! Inputs made from seeds by a few random edits each.

/// Pieces that matter to the parsers: markup, entities, percent escapes, JSON punctuation,
/// characters XML cannot carry, and the kinds of Unicode that break naive code.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "/>",
    "<a>",
    "</a>",
    "<a xmlns='urn:x'>",
    "&",
    "&amp;",
    "&#0;",
    "&#x1F600;",
    "&e;",
    "'",
    "\"",
    "=",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?pi x?>",
    "<!DOCTYPE a [<!ENTITY e 'x'>]>",
    "\0",
    "\u{7}",
    "\u{FFFE}",
    "\u{FFFF}",
    "\u{D7FF}",
    "\u{1F600}",
    "\u{202E}",
    "\u{200B}",
    "é",
    "\t",
    "\r\n",
    " ",
    "@",
    "/",
    "%",
    "%00",
    "%zz",
    "%C3%A9",
    "%FF",
    "+",
    "&",
    "?",
    "#",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\\",
    "\\u0000",
    "\\ud800",
    "1e999",
    "-0",
    "null",
    "true",
    "xmlns",
    "jabber:client",
    "stream:",
    "xml:lang",
];

/// A seed with one to four edits.
pub fn mutated(rng: &mut fastrand::Rng, seeds: &[&str]) -> String {
    let mut text: Vec<char> = seeds[rng.usize(..seeds.len())].chars().collect();
    for _ in 0..rng.usize(1..=4) {
        edit(rng, &mut text, seeds);
    }
    text.truncate(64 * 1024);
    text.into_iter().collect()
}

fn edit(rng: &mut fastrand::Rng, text: &mut Vec<char>, seeds: &[&str]) {
    let at = rng.usize(..=text.len());
    match rng.u8(..6) {
        0 | 1 => {
            let token = TOKENS[rng.usize(..TOKENS.len())];
            text.splice(at..at, token.chars());
        }
        2 => {
            let end = (at + rng.usize(..=16)).min(text.len());
            text.drain(at..end);
        }
        3 => {
            // A span repeated many times: deep nesting from `<a>`, long runs from text.
            let end = (at + rng.usize(1..=8)).min(text.len());
            let span: Vec<char> = text[at..end].to_vec();
            let times = [2, 16, 100, 2_000][rng.usize(..4)];
            let repeated: Vec<char> = span
                .iter()
                .copied()
                .cycle()
                .take(span.len() * times)
                .collect();
            text.splice(at..at, repeated);
        }
        4 => {
            if at < text.len() {
                text[at] = char::from_u32(rng.u32(..0x11_0000)).unwrap_or('\u{FFFD}');
            }
        }
        _ => {
            let other: Vec<char> = seeds[rng.usize(..seeds.len())].chars().collect();
            let from = rng.usize(..=other.len());
            text.splice(at..at, other[from..].iter().copied());
        }
    }
}
