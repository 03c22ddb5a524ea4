using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace GanKit.Visuals.Game;

/// <summary>
/// The HTML of <see cref="WhichFaceIsReal"/>: one fragment (style, rounds, script) that finds its own root, so
/// several games can share a notebook, and a page around it. Images appear once, as PNG data URIs; the reveal
/// clones them. The answers travel in the script's data, as any client-side game's must.
/// </summary>
internal static class GamePage
{
    /// <summary>A full HTML document whose content security policy allows no request of any kind.</summary>
    public static string Document(WhichFaceIsReal game)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Inline styles, inline scripts and data: images only; nothing may be fetched, so the page plays offline.
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; " +
                    "style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'none'; form-action 'none'; base-uri 'none'\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Encode(game.Options.Title)}</title>\n");
        html.Append("<style>html{background:#eef1f5}body{margin:0;padding:24px 12px}</style>\n</head>\n<body>\n");
        html.Append(Fragment(game));
        html.Append("\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The game as a notebook output: a root div holding its style, its rounds and its script.</summary>
    public static string Fragment(WhichFaceIsReal game)
    {
        var size = game.DisplaySize;
        var crisp = size > game.ImageSize;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture,
            $"<div class=\"gk-game{(crisp ? " gk-pixels" : "")}\" tabindex=\"0\" style=\"--gk-size:{size}px\" data-pairs=\"{game.Pairs.Count}\">");
        html.Append("<style>").Append(Css).Append("</style>");
        html.Append("<div class=\"gk-head\"><h2 class=\"gk-title\">").Append(Encode(game.Options.Title)).Append("</h2>");
        html.Append(CultureInfo.InvariantCulture,
            $"<div class=\"gk-score\">Score <b class=\"gk-points\">0</b> / <span class=\"gk-played\">0</span></div></div>");
        html.Append("<div class=\"gk-progress\">");
        for (var i = 0; i < game.Pairs.Count; i++) html.Append("<span class=\"gk-dot\"></span>");
        html.Append("</div>");
        html.Append("<p class=\"gk-help\">One face is a real image from <b>").Append(Encode(game.DataName))
            .Append("</b>; the other was made by the network. Click the face you think is <b>real</b> (or press ← / →).</p>");

        html.Append("<div class=\"gk-stage\">");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"gk-counter\">Pair <span class=\"gk-round-number\">1</span> of {game.Pairs.Count}</div>");
        foreach (var pair in game.Pairs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"gk-round\" data-round=\"{pair.Number}\"{(pair.Number == 1 ? "" : " hidden")}>");
            AppendFace(html, pair.Left, "left", pair.Number, size);
            AppendFace(html, pair.Right, "right", pair.Number, size);
            html.Append("</div>");
        }
        html.Append("<div class=\"gk-feedback\" aria-live=\"polite\"></div>");
        html.Append("<button type=\"button\" class=\"gk-next\" hidden>Next pair →</button>");
        html.Append("</div>");

        html.Append("<div class=\"gk-reveal\" hidden><div class=\"gk-final\"></div><ol class=\"gk-answers\"></ol>");
        html.Append("<button type=\"button\" class=\"gk-again\">Play again</button></div>");
        html.Append(CultureInfo.InvariantCulture,
            $"<div class=\"gk-foot\"><label><input type=\"checkbox\" class=\"gk-smooth\"{(crisp ? "" : " checked")}> smooth scaling</label>");
        html.Append(CultureInfo.InvariantCulture,
            $"<span>{game.ImageSize}×{game.ImageSize} images · ψ {game.Options.Psi:0.###} · seed {game.Options.Seed} · made with GanKit</span></div>");
        html.Append("<noscript><p class=\"gk-help\">This game needs JavaScript.</p></noscript>");
        html.Append("<script type=\"application/json\" class=\"gk-data\">").Append(Data(game)).Append("</script>");
        html.Append("<script>").Append(Script).Append("</script>");
        html.Append("</div>");
        return html.ToString();
    }

    private static void AppendFace(StringBuilder html, Imaging.RgbImage image, string side, int round, int size)
    {
        html.Append(CultureInfo.InvariantCulture, $"<button type=\"button\" class=\"gk-face\" data-side=\"{side}\" aria-label=\"pair {round}, {side} face\">");
        html.Append(CultureInfo.InvariantCulture, $"<img src=\"{image.ToDataUri()}\" width=\"{size}\" height=\"{size}\" alt=\"pair {round}, {side} face\">");
        html.Append("<span class=\"gk-badge\"></span></button>");
    }

    /// <summary>The answers and the reveal's text as JSON (System.Text.Json escapes &lt; and &gt;, so it cannot close the script).</summary>
    private static string Data(WhichFaceIsReal game) => JsonSerializer.Serialize(new
    {
        psi = game.Options.Psi,
        pairs = game.Pairs.Select(p => new
        {
            real = p.RealOnLeft ? "left" : "right",
            source = p.RealSource,
            seed = p.FakeSeed,
            cls = p.FakeClass,
            notes = p.Notes,
            measured = p.Tells.Count > 0,
        }),
    });

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
.gk-game{box-sizing:border-box;max-width:calc(2*var(--gk-size) + 96px);min-width:300px;margin:0 auto;padding:20px 24px 14px;background:#fff;color:#1d2330;border-radius:14px;box-shadow:0 2px 14px rgba(20,30,50,.12);font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;outline:none}
.gk-game *{box-sizing:border-box}
.gk-game [hidden]{display:none!important}
.gk-head{display:flex;align-items:baseline;justify-content:space-between;gap:12px;flex-wrap:wrap}
.gk-title{margin:0;font-size:24px;font-weight:700;letter-spacing:-.01em;color:#1d2330}
.gk-score{font-size:18px;background:#f1f4f9;border-radius:999px;padding:4px 14px;white-space:nowrap}
.gk-score b{font-size:22px;color:#1a7f4b}
.gk-progress{display:flex;gap:6px;margin:12px 0 4px}
.gk-dot{flex:1;height:6px;border-radius:3px;background:#dde2ea}
.gk-dot.gk-current{background:#8aa4d6}
.gk-dot.gk-hit{background:#2fa866}
.gk-dot.gk-miss{background:#d9534f}
.gk-help{margin:8px 0 12px;color:#4a5366;font-size:14px}
.gk-counter{text-align:center;color:#6b7486;font-size:13px;text-transform:uppercase;letter-spacing:.08em;margin-bottom:6px}
.gk-round{display:flex;justify-content:center;gap:16px;flex-wrap:wrap}
.gk-face{position:relative;padding:0;border:4px solid #e3e7ee;border-radius:12px;background:#f6f7f9;cursor:pointer;overflow:hidden;line-height:0;transition:transform .12s,border-color .12s,box-shadow .12s}
.gk-face:hover:not(:disabled){transform:translateY(-3px);border-color:#7d9bd8;box-shadow:0 6px 16px rgba(40,70,140,.18)}
.gk-face:disabled{cursor:default}
.gk-face img{display:block;width:var(--gk-size);height:var(--gk-size);max-width:calc(50vw - 40px);max-height:calc(50vw - 40px);image-rendering:auto}
.gk-pixels .gk-face img,.gk-pixels .gk-thumb img{image-rendering:pixelated}
.gk-face.gk-real{border-color:#2fa866}
.gk-face.gk-fake{border-color:#d9534f}
.gk-face.gk-picked{box-shadow:0 0 0 4px rgba(40,70,140,.25)}
.gk-badge{position:absolute;left:8px;top:8px;padding:3px 9px;border-radius:6px;font:700 13px/1.3 system-ui,sans-serif;color:#fff;letter-spacing:.05em;display:none}
.gk-real .gk-badge,.gk-fake .gk-badge{display:block}
.gk-real .gk-badge{background:#2fa866}
.gk-fake .gk-badge{background:#d9534f}
.gk-feedback{min-height:28px;text-align:center;margin:12px 0 6px;font-size:17px;font-weight:600}
.gk-feedback.gk-hit{color:#1a7f4b}
.gk-feedback.gk-miss{color:#b73a36}
.gk-next,.gk-again{display:block;margin:6px auto 8px;padding:9px 22px;border:0;border-radius:8px;background:#2f5fb8;color:#fff;font:600 15px system-ui,sans-serif;cursor:pointer}
.gk-next:hover,.gk-again:hover{background:#244c96}
.gk-next:focus-visible,.gk-again:focus-visible,.gk-face:focus-visible{outline:3px solid #9bb5e8;outline-offset:2px}
.gk-final{text-align:center;margin:10px 0 14px}
.gk-final-score{display:block;font-size:40px;font-weight:800;color:#1d2330}
.gk-final-text{color:#4a5366}
.gk-answers{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.gk-answer{display:grid;grid-template-columns:auto auto 1fr;gap:12px;align-items:start;padding:10px;border-radius:10px;background:#f6f7f9;border-left:5px solid #2fa866}
.gk-answer.gk-miss{border-left-color:#d9534f}
.gk-thumb{margin:0;text-align:center;font-size:12px;font-weight:700;line-height:1.3}
.gk-thumb img{display:block;width:96px;height:96px;border-radius:6px;border:3px solid #2fa866}
.gk-thumb.gk-fake img{border-color:#d9534f}
.gk-thumb.gk-real figcaption{color:#1a7f4b}
.gk-thumb.gk-fake figcaption{color:#b73a36}
.gk-why{font-size:13.5px;color:#2b3243}
.gk-why b{display:block;margin-bottom:2px}
.gk-why ul{margin:4px 0 0;padding-left:18px}
.gk-why .gk-meta{color:#6b7486;font-size:12px;margin-top:4px;word-break:break-all}
.gk-foot{display:flex;justify-content:space-between;gap:10px;flex-wrap:wrap;margin-top:10px;padding-top:8px;border-top:1px solid #e8ebf0;color:#6b7486;font-size:12px}
.gk-foot label{cursor:pointer}
""";

    private const string Script = """
(function () {
  var root = document.currentScript && document.currentScript.closest('.gk-game');
  if (!root) { var all = document.querySelectorAll('.gk-game:not([data-ready])'); root = all[all.length - 1]; }
  if (!root || root.getAttribute('data-ready')) return;
  root.setAttribute('data-ready', '1');
  var data = JSON.parse(root.querySelector('.gk-data').textContent);
  var q = function (s) { return root.querySelector(s); };
  var rounds = root.querySelectorAll('.gk-round'), dots = root.querySelectorAll('.gk-dot');
  var feedback = q('.gk-feedback'), next = q('.gk-next'), reveal = q('.gk-reveal');
  var current = 0, points = 0, picks = [];

  function show(i, fromPlayer) {
    current = i;
    for (var k = 0; k < rounds.length; k++) rounds[k].hidden = k !== i;
    for (var d = 0; d < dots.length; d++) dots[d].classList.toggle('gk-current', d === i && picks[d] === undefined);
    q('.gk-round-number').textContent = String(i + 1);
    feedback.textContent = ''; feedback.className = 'gk-feedback';
    next.hidden = true;
    // The focused Next button has just been hidden: keep the keys (← / →) with the game.
    if (fromPlayer) root.focus({ preventScroll: true });
  }

  function pick(side) {
    if (current >= rounds.length || picks[current] !== undefined) return;
    var answer = data.pairs[current].real, right = side === answer;
    picks[current] = side;
    if (right) points++;
    var faces = rounds[current].querySelectorAll('.gk-face');
    for (var f = 0; f < faces.length; f++) {
      var isReal = faces[f].getAttribute('data-side') === answer;
      faces[f].classList.add(isReal ? 'gk-real' : 'gk-fake');
      faces[f].classList.toggle('gk-picked', faces[f].getAttribute('data-side') === side);
      faces[f].querySelector('.gk-badge').textContent = isReal ? 'REAL' : 'FAKE';
      faces[f].disabled = true;
    }
    dots[current].classList.remove('gk-current');
    dots[current].classList.add(right ? 'gk-hit' : 'gk-miss');
    q('.gk-points').textContent = String(points);
    q('.gk-played').textContent = String(picks.length);
    feedback.textContent = right ? '\u2713 Right: that face is real.' : '\u2717 No: that face was generated.';
    feedback.className = 'gk-feedback ' + (right ? 'gk-hit' : 'gk-miss');
    next.textContent = current + 1 < rounds.length ? 'Next pair \u2192' : 'See the answers';
    next.hidden = false;
    next.focus({ preventScroll: true });
  }

  function thumb(round, side, isReal, caption) {
    var fig = document.createElement('figure');
    fig.className = 'gk-thumb ' + (isReal ? 'gk-real' : 'gk-fake');
    fig.appendChild(round.querySelector('.gk-face[data-side="' + side + '"] img').cloneNode());
    var cap = document.createElement('figcaption');
    cap.textContent = caption;
    fig.appendChild(cap);
    return fig;
  }

  function finish() {
    q('.gk-stage').hidden = true;
    var final = q('.gk-final');
    final.innerHTML = '';
    var score = document.createElement('span');
    score.className = 'gk-final-score';
    score.textContent = points + ' / ' + rounds.length;
    var text = document.createElement('span');
    text.className = 'gk-final-text';
    var share = points / rounds.length;
    text.textContent = share === 1 ? 'Every real face found.' : share >= 0.7 ? 'A sharp eye: the fakes gave themselves away.'
      : share > 0.4 ? 'About what guessing gives: the fakes are convincing.' : 'The network fooled you more often than not.';
    final.appendChild(score); final.appendChild(text);
    var list = q('.gk-answers');
    list.innerHTML = '';
    for (var i = 0; i < rounds.length; i++) {
      var p = data.pairs[i], fakeSide = p.real === 'left' ? 'right' : 'left', right = picks[i] === p.real;
      var item = document.createElement('li');
      item.className = 'gk-answer ' + (right ? 'gk-hit' : 'gk-miss');
      item.setAttribute('data-round', String(i + 1));
      item.appendChild(thumb(rounds[i], p.real, true, 'REAL (' + p.real + ')'));
      item.appendChild(thumb(rounds[i], fakeSide, false, 'FAKE (' + fakeSide + ')'));
      var why = document.createElement('div');
      why.className = 'gk-why';
      var head = document.createElement('b');
      head.textContent = 'Pair ' + (i + 1) + ': ' + (right ? '\u2713 you picked the real face' : '\u2717 you picked the fake');
      why.appendChild(head);
      why.appendChild(document.createTextNode(p.measured ? 'What gave the fake away:' : 'What to look for:'));
      var ul = document.createElement('ul');
      for (var n = 0; n < p.notes.length; n++) { var li = document.createElement('li'); li.textContent = p.notes[n]; ul.appendChild(li); }
      why.appendChild(ul);
      var meta = document.createElement('div');
      meta.className = 'gk-meta';
      meta.textContent = 'real: ' + p.source + ' \u00b7 fake: seed ' + p.seed + (p.cls === null ? '' : ', class ' + p.cls) + ', \u03c8 ' + data.psi;
      why.appendChild(meta);
      item.appendChild(why);
      list.appendChild(item);
    }
    reveal.hidden = false;
  }

  function restart() {
    points = 0; picks = [];
    q('.gk-points').textContent = '0'; q('.gk-played').textContent = '0';
    for (var d = 0; d < dots.length; d++) dots[d].className = 'gk-dot';
    var faces = root.querySelectorAll('.gk-face');
    for (var f = 0; f < faces.length; f++) { faces[f].className = 'gk-face'; faces[f].disabled = false; faces[f].querySelector('.gk-badge').textContent = ''; }
    reveal.hidden = true;
    q('.gk-stage').hidden = false;
    show(0, true);
  }

  root.addEventListener('click', function (e) {
    var face = e.target.closest && e.target.closest('.gk-face');
    if (face && root.contains(face)) pick(face.getAttribute('data-side'));
  });
  next.addEventListener('click', function () { if (current + 1 < rounds.length) show(current + 1, true); else finish(); });
  q('.gk-again').addEventListener('click', restart);
  q('.gk-smooth').addEventListener('change', function (e) { root.classList.toggle('gk-pixels', !e.target.checked); });
  root.addEventListener('keydown', function (e) {
    if (!q('.gk-stage').hidden && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) { pick(e.key === 'ArrowLeft' ? 'left' : 'right'); e.preventDefault(); }
  });
  show(0);
})();
""";
}
