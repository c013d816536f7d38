"""The danger detector: does what a person typed suggest acute danger, and of what kind?

People in crisis write to the question form and type into the search box
anyway, in their own words, in a hurry, with typos and without å/ä/ö:
"pappa slår mamma", "vill inte leva", "sjalvmord", "han hotar att sprida
bilder". When the text suggests danger, the page must show, before
anything else, what to do now and whom to call, fitted to the kind of
danger. A false alarm costs one box on the page; a missed one can cost a
life, so the patterns err on the side of showing help. Their precision is
measured on two sets written by someone else than the patterns
(``tests/safety/``): every danger phrasing must be found, and the ordinary
queries that still show a box are listed in the test with the reason.

How it decides: the text is folded (``text.fold``: lower case, å/ä -> a,
ö -> o), then each kind's patterns are searched; every pattern must start
at the start of a word (so "hot" does not match "schott"), and where a
longer word would mean something harmless, a pattern ends with ``\\b`` or
names the words that must follow ("slår mig", but not "slår sig" as a
toddler does when falling). A few harmless set phrases that contain a
danger word are removed before matching (``HARMLESS``).

Kinds (``KINDS``) decide which help the acute-help box shows:

* ``vald`` – violence, threats, honour-related violence: 112,
  Kvinnofridslinjen, socialjouren, help against violence;
* ``sjalvmord`` – suicide and self-harm: 112, Självmordslinjen, 1177,
  what to do tonight;
* ``barn-i-fara`` – a child harmed, neglected, alone or missing: 112,
  socialjouren, how to make an orosanmälan, BRIS;
* ``sexuella-overgrepp`` – sexual abuse, coercion, image threats: 112,
  BRIS, Kvinnofridslinjen;
* ``akut`` – someone says outright it is an emergency: 112.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from flask import has_request_context, request

from ..text import fold
from .languages import find as find_in_other_languages

#: Up to two words between a verb and who it is done to ("slår i väggar o ibland mig").
_GAP = r"(?: [a-z]+){0,2}"
#: Who is hit, threatened or hurt.
_OBJECTS = (r"(?:mig|dig|honom|henne|hen|oss|er|dem|dom|barnen|barnet|bebisen|babyn|ungarna|mamma|mamman|pappa|"
            r"pappan|min \w+|mitt \w+|mina \w+|sin \w+|sitt \w+|sina \w+|lillebror|lillasyster|syrran|brorsan|"
            r"frugan|hustrun|sambon)\b")
#: Who does it, before a verb without an object ("pappa slår").
_SUBJECTS = (r"(?:han|hon|hen|de|dom|pappa|pappan|mamma|mamman|farsan|morsan|styvpappa|styvmamma|bonuspappa|"
             r"bonusmamma|mannen|min man|maken|sambon|pojkvannen|killen|min kille|mammas kille|pappas tjej|"
             r"flickvannen|tjejen|brorsan|bror|storebror|syster|frun|hustrun|partnern|exet|mitt ex|foraldrarna|"
             r"foraldrar|lararen|ledaren|tranaren|nagon|nan|killarna|tjejerna)")
#: Children and young people named as the ones harmed.
_CHILD = (r"(?:barnen|barnet|bebisen|babyn|ungarna|lillebror|lillasyster|min son|min dotter|sonen|dottern|"
          r"mina barn|mitt barn|vart barn|vara barn|min lillebror|min lillasyster|min bror|min syster|en elev|eleven|"
          r"barnbarnet|barnbarnen|min bebis|var bebis|\d+-?aringen|\d+ ?aringen)")
_PARENT = (r"(?:mina |min )?(?:foraldrar|foraldrarna|pappa|mamma|pappan|mamman|farsan|morsan|styvpappa|styvmamma|"
           r"styvfar|styvmor|bonuspappa|bonusmamma|mammas kille|pappas tjej|barnets pappa|barnets mamma)")
_PILLS = r"(?:tabletter|tabletterna|piller|medicin|medicinen|alvedon|panodil|ipren|somntabletter|lugnande|kartan)"

PATTERNS: dict[str, tuple[str, ...]] = {
    "sjalvmord": (
        r"sjalvmord", r"suicid", r"ta (?:mitt|sitt|ditt|hans|hennes|vart|ert|deras) liv", r"ta livet av",
        r"slar mig sjalv", r"(?:forsokte|forsoker|forsokt|ville) (?:att )?strypa sig",
        r"tar livet av", r"tog livet av", r"tagit livet av", r"ta bort mig sjalv", r"kms\b", r"kill myself",
        r"(?:vill|ville|vil|vlll|tanker)" + _GAP + r" (?:do|doo+|doe|dod)\b",
        r"(?:vill|ville|vil|orkar|kan|orka)" + _GAP + r" inte (?:leva|finnas|vakna)",
        r"inte (?:vill|orkar|kan) (?:leva|finnas)", r"(?:vill|orkar) inte (?:vara med|finnas till) (?:langre|mer)",
        r"vill inte vara med langre(?! i )", r"skont att (?:\w+ ){0,2}inte finnas", r"inte finnas (?:till|langre|mer)",
        r"for att do\b", r"(?:dodlig|dodliga) dos", r"(?:hur lang tid|hur lange) tar det att do", r"att do av\b",
        r"ingen mening (?:med |att )?(?:\w+ ){0,2}(?:leva|livet|langre|alls|nagot langre)",
        r"(?:battre|bra|lika bra|skont) om jag (?:inte fanns|var dod|vore dod|dog|dor|forsvann)",
        r"(?:lika bra|battre) om (?:han|hon|hen) (?:dor|dog|inte fanns)",
        r"om jag (?:dog|var dod|inte fanns)\b", r"battre utan mig", r"en borda for", r"sakna mig (?:om|nar)",
        r"(?:spelar|spela) (?:ingen|inte nagon|nagon) roll (?:om (?:jag|han|hon|hen) lever|langre)",
        r"avskedsbrev", r"(?:pratar|pratat|snackar|skriver|sager|sagt) om att (?:do\b|ta sitt liv|ta livet av sig)",
        r"(?:forlat for allt|hejda for alltid)", r"brev till (?:mina|sina) barn ifall",
        r"(?:gett|ger) bort (?:alla )?sina saker", r"(?:har )?bestamt mig for att",
        r"somna och (?:aldrig|inte) vakna", r"aldrig vakna", r"inte vakna (?:imorgon|igen|mer)",
        r"forsvinna for alltid", r"slippa leva",
        r"(?:skar|skara|skur(?:it|er)|skarit|karva[rt]?|rispa[rt]?|cuttar|cutta|klipper) (?:mig|sig|dig|henne|honom|"
        r"hen)\b", r"\bsh\b", r"cutting", r"rakblad", r"sar pa (?:hans |hennes |mina |sina )?(?:armar|armarna|lar|"
        r"laren|benen|handleder)", r"skar sig sjalv",
        r"(?:marken|arr|arren|rispor|skarsar) (?:pa|runt) (?:hennes |hans |mina |sina )?"
        r"(?:handlederna|handleden|handleder)", r"langarmat (?:hela|pa|fast|trots|i) (?:sommaren|varmen|sommar)",
        r"sjalvskad", r"skada[rt]? (?:mig|sig|dig) sjalv",
        r"skadat (?:mig|sig) sjalv", r"branner (?:mig|sig)\b", r"(?:hanga|hangde|hanger) (?:mig|sig)\b", r"overdos",
        r"(?:tog|ta|tar|tagit|svalde|svalt|sparat)" + _GAP + r" (?:en massa |massa |alla |jattemanga |\d+ (?:st )?)?"
        + _PILLS + r"(?: \w+){0,3} (?:med flit|for att|och vill|en timme|for en)",
        r"(?:tog|tagit|svalde|svalt) (?:en massa|massa|alla|jattemanga|hela|\d+) (?:st )?" + _PILLS,
        r"(?:hur manga|hur mycket) " + _PILLS + r"(?: \w+){0,4} (?:for att|innan|dor|do\b|dodlig)",
        r"sparat (?:sina|mina|pa) " + _PILLS,
        r"(?:hoppa|kasta mig|kasta sig|ga|gå ut|ga ut|springa ut) (?:ut )?framfor (?:taget|tag|bil|en bil|bilar)",
        r"framfor taget", r"(?:hoppa|hoppar|tanker hoppa|star (?:vid|pa)) (?:fran )?(?:en |ett )?(?:bro|bron|tak|taket|"
        r"balkong|balkongen)",
    ),
    "vald": (
        r"(?:slar|slog|slagit|sla|slaar|slas|slogs|slaa)" + _GAP + r" " + _OBJECTS,
        _SUBJECTS + r" (?:slar|slog|slagit|misshandlar|bankar|sparkar|hotar|stryper|slar i)\b",
        r"slar (?:i|sonder) (?:vaggar|vaggen|dorrar|dorren|saker)",
        r"(?:blir|blev|blivit|ar|var|bli) (?:slagen|slagna|slagit|misshandlad|misshandlade|hotad|hotade|strypt)",
        r"(?:slagen|hotad|hotade|misshandlad) av", r"misshand", r"(?:slagen|hotad|knivhotad|hotade)$",
        r"\w+misshandel", r"knivhot\w*", r"tvangsgift\w*", r"kidnapp\w*",
        r"(?<!blev )(?<!blivit )(?<!ar )(?<!bli )vald\b",
        r"valdet\b", r"valdsbrott", r"valdsutsatt", r"(?:ar|blir|blev) valdsam", r"valdsam mot", r"valdtakt",
        r"hot(?:a|ar|ade|at|as|ades)?\b", r"hot om\b", r"hotfull", r"mordhot", r"dodshot",
        r"(?:doda|dodar|dodade|mordar|morda)\b", r"kniv(?:en|ar|arna|hugg\w*|hot)?\b", r"vapen\b", r"pistol",
        r"(?:skjuta|hugga|knivhugga|skada|doda)" + _GAP + r" (?:mig|oss|honom|henne|dig|hen|barnen)\b",
        r"(?:sparka|sparkar|sparkade|sparkat|knuffa|knuffar|knuffade|bankar|bankade|nyper|rycker|drar)" + _GAP
        + r" " + _OBJECTS,
        r"kasta(?:r|de)? (?:en |ett |saker |grejer )?\w* ?(?:pa|mot) (?:mig|oss|henne|honom|hen|barnen)\b",
        r"stryp", r"struptag", r"strypgrepp", r"(?:tryckte|trycker|hallde|haller) (?:en |ett )?(?:kudde|kudden|"
        r"handen|hand) over", r"fick (?:inte|ingen) luft", r"orfil", r"luggar\b", r"livsfar", r"i fara\b",
        r"(?:radd|radda|rad) for (?:att (?:han|hon|hen|pappa|mamma|min|sin|de|dom)|min|sin|hans|hennes|honom|henne|"
        r"pappa|mamma|styvpappa|styvmamma|mannen|killen|sambon|exet|mitt ex|dem|dom|brorsan|bror)",
        r"vaga(?:r)? inte (?:ga|aka|komma|vara|sova) hem", r"vaga(?:r)? inte vara hemma",
        r"vaga(?:r)? inte saga (?:nej|nagot)",
        r"(?:kollar|laser|gar igenom) (?:min|mina) (?:mobil|telefon|sms)(?: \w+){0,6} (?:galen|arg|slar|hotar)",
        r"bestammer(?: \w+){0,5} (?:vilka|vem) jag (?:far|ska) (?:traffa|prata)", r"(?:far|fick) inga egna pengar",
        r"(?:gomt|tagit|tar|gommer) (?:mitt|min|mina) (?:pass|bankkort|id-kort|pengar)",
        r"(?:star|stod|vantar) utanfor (?:min|var) (?:port|dorr|lagenhet|bostad)", r"\bgps\b",
        r"kontaktforbud", r"(?:tog|tar|grep|griper|tagit|haller|holl) (?:mig|henne|mamma|oss) (?:hart )?(?:om|runt|i) "
        r"halsen", r"(?:tar|ta|tagit) (?:barnen|ungarna) (?:fran mig )?om jag (?:lamnar|gar fran|flyttar fran) "
        r"(?:honom|henne|hen)", r"(?:dar|sa att|sa) (?:han|hon|hen|de|dom) inte (?:hittar|kan hitta) (?:oss|mig)\b",
        r"(?:komma|ta mig) bort fran (?:honom|henne)",
        r"(?:fly|flyr|flytt) (?:hemifran|fran honom|fran henne)", r"(?:kvinna|nagon|barn) skrika och dunsar",
        r"skriker och (?:det )?(?:dunsar|smaller)",
        r"hor (?:skrik|brak|grat)(?: och (?:skrik|brak|dunsar|slag|grat|smallar|small))?(?: \w+){0,3} (?:fran |hos )?"
        r"(?:grannen|grannarna|grannens|lagenheten|bredvid|ovanfor|nedanfor|vaggen)", r"skriver att jag ska fa se",
        r"(?:laser|laste|lasa|lasta|last) in (?:mig|oss|henne|honom|hen)\b", r"laser dorren (?:sa|for att)",
        r"tar (?:min|mina) (?:telefon|mobil|pengar|pass)", r"(?:far|fick) inte traffa (?:nagon|mina|vanner)",
        r"kollar vem jag (?:pratar|traffar|skriver)", r"kontrollerar (?:allt|mig|vem)", r"vet var (?:du|ni|jag|mina|"
        r"dina) \w* ?bor", r"(?:ska|vill|hotar att|kommer att) (?:komma hem och )?(?:skada|hugga|skjuta|doda) "
        r"(?:mig|oss|dig|barnen)\b", r"lagt ut (?:min|var) adress",
        r"folj(?:er|de)? (?:efter )?(?:mig|oss) (?:till|hem|"
        r"overallt|och)", r"forfolj", r"har flytt", r"flytt (?:fran|hemifran)", r"letar efter (?:oss|mig)",
        r"kvinnojour", r"tjejjour", r"ungdomsjour", r"kvinnofrid", r"heder\b", r"heders(?:relat|vald|fortryck|brott)",
        r"skam over (?:familjen|oss)", r"tvangsaktenskap", r"tvingas gifta", r"gifta(?:s)? bort", r"gifter bort",
        r"bortgift", r"gifta mig med (?:min|en) (?:kusin|man|aldre)", r"(?:ta|skicka|tar|skickar) mig till hemlandet",
        r"konsstympning", r"skyddat boende", r"agar barnen", r"agade\b",
    ),
    "barn-i-fara": (
        r"far illa", r"farit illa", r"orosanmal", r"oroanmal", r"anmala oro",
        _PARENT + r" (?:slar|slog|sparkar|kommer att sla|hotar att sla|skakar|skakade|misshandlar|har last in)",
        r"(?:slar|slog|sparkar|sparkade|skakar|skakade|misshandlar|hotar)" + _GAP + r" " + _CHILD,
        r"skaka(?:r|de|t)? (?:var |min |hans |hennes )?(?:bebis|bebisen|barn|barnet|baby|babyn)",
        r"(?:skada|gora|gor) (?:mitt|mina|vart|vara|min|var) (?:barn|bebis)", r"(?:gor|gora|gjort) (?:bebisen|barnet|"
        r"babyn|honom|henne) illa", r"hotar att ta barnen", r"ta barnen (?:ur|fran) landet",
        r"tagit barnen (?:till|ur|utomlands|fran)", r"(?:sitter fast|ar med|ar) i (?:ett )?gang\b", r"at ett gang\b",
        r"gangkriminal", _CHILD + r" (?:ar|har varit|verkar vara) (?:forsvunnen|forsvunnet|borta)",
        r"(?:barnet|sonen|dottern|han|hon|hen|bror|brorsan|syster|lillebror|lillasyster|tonaringen|min son|"
        r"min dotter|min bror|min syster|\w+ pa \d+) (?:ar|har varit|verkar vara) (?:forsvunnen|borta)",
        r"(?:sonen|dottern|barnet|min son|min dotter|tonaringen|\w+aringen) (?:forsvann|sticker hemifran|har stuckit)",
        r"forsvunnet barn", r"varit borta (?:sen|sedan) igar", r"borta (?:sen|sedan) igar", r"har rymt",
        r"rymt hemifran", r"sover hos (?:vuxna|aldre|okanda)",
        r"(?:ar|ligger|lamnas|lamnade|lamnar|blir lamnad|verkar vara) (?:ensam|ensamt|ensamma)" + _GAP
        + r" (?:hemma|i natt|hela natterna|hela natten|sedan|sen)",
        r"ensam(?:t|ma)? hemma (?:i natt|hela natten|flera dagar|i flera dagar|utan mat)",
        r"ute (?:ensam|sjalv) (?:i natt|mitt i natten|pa natten)", r"ar ute sjalv", r"ute ensam(?:t|ma)?",
        r"lamna(?:r|de|t)? (?:barnen|barnet|bebisen|ungarna|dem|oss|mig|honom|henne) ensam",
        r"lamna(?:r|de|t)? (?:\w+ ){0,2}(?:bebis|bebisen|barn|barnen|barnet|ungar|ungarna) ensam",
        r"(?:bebis|bebisen|baby|babyn|barn|barnet|barnen|ungen|ungarna|smabarn\w*) (?:\w+ )?(?:lamnat|lamnad|lamnade|"
        r"lamnas) (?:ensam|ensamt|ensamma)", r"(?:bebis|bebisen|baby|babyn|smabarn\w*) (?:ar )?ensam(?:t|ma)? hemma",
        r"i bara blöja|i bara bloja", r"skrika i timmar", r"skriker i timmar", r"ingen oppnar",
        r"inte kommit hem", r"inte kom hem (?:i natt|igar)", r"ingen mat\b", r"far ingen mat", r"utan mat\b",
        r"inte fatt mat", r"ingen el hemma", r"feber (?:sen|sedan|i) flera dagar",
        r"(?:mamma|pappa|mamman|pappan|foraldrarna|min sambo|sambon) ar (?:full|fulla|packad|packade|hog|"
        r"paverkad|drogad|aspackad)\b", r"(?:kraftigt |mycket |valdigt )?berusad for att hamta",
        r"(?:kraftigt|mycket|jatte) berusad", r"druckit och somnat", r"tar droger nar (?:barnen|barnbarnen|ungarna)",
        r"(?:mamma|pappa|mamman|pappan|hon|han|min \w+|sambon|mormor|morfar|farmor|farfar)(?: \w+){0,4} vaknar "
        r"inte(?! sjalv)", r"gar inte att vacka", r"ligger pa golvet",
        r"(?:kor|korde|kora|koer) (?:bil )?(?:full|berusad|packad|paverkad|onykter)", r"rattfull", r"rattfyll",
        r"full bakom ratten", r"brannmarken",
        r"(?:blamarken?|marken) (?:pa|runt) (?:halsen|armarna|overarmarna|kroppen|ryggen|ansiktet|kinden|laren)",
        r"blamarken? som (?:\w+ )?(?:inte kan|inte vill) forklara",
        r"(?:barnet|bebisen|hon|han|dottern|sonen) (?:blir|blev) (?:slagen|slagit|misshandlad)",
        r"(?:lasa|laser|laste|lasta|last)[rt]? in " + _CHILD, r"(?:har )?last in (?:mig|honom|henne|hen)",
        r"sparra[rt]? in", r"inlast i", r"kastar ut (?:mig|oss|honom|henne)", r"kastade ut (?:mig|oss|honom|henne)",
        r"hor (?:slag|hur (?:han|hon|de) slar)", r"sover ute", r"ingenstans att sova", r"barnet ar i fara",
        r"inte (?:ar )?(?:trygga?|tryggt|sakra?|sakert) (?:hemma|dar)",
        r"(?:blir|blev|ar) inlast\b", r"vuxen (?:man|kvinna|person|kille) (?:fran natet|pa natet|som)",
        r"(?:vuxen|aldre) (?:man|kvinna|kille) (?:skriver|ger|chattar)", r"traffa en vuxen",
        r"traffa (?:henne|honom|hen) ensam", r"halla det hemligt", r"(?:pojkvan|flickvan|kille|karlek) som ar "
        r"(?:19|[2-9]\d)\b",
    ),
    "sexuella-overgrepp": (
        r"overgrepp", r"valdtakt", r"valdtog", r"valdtagen", r"valdtagit", r"tafsa", r"tafsar", r"tafsade",
        r"hotar att (?:lagga ut|sprida|skicka|visa) (?:\w+ )?(?:bilder|bilden|filmer|filmen|nudes)",
        r"skickade (?:en )?(?:bild|bilder|nudes?)(?: \w+){0,3} (?:nu )?(?:hotar|kraver|vill ha)",
        r"vuxen man(?: [\w-]+){0,8} (?:vill )?traffa (?:henne|honom|hen|mitt barn|min \w+) (?:ensam|i hemlighet)",
        r"(?:tvingar|tvingade) mig att ta av mig", r"gor (?:sa|saker) med mig",
        r"(?:ror|rorde|tar|tog|tagit|petar) (?:pa )?(?:mig|henne|honom|hen|barnet|min|mitt) "
        r"(?:pa|mellan|dar nere|under|nar|konstigt)",
        r"(?:tar|tog|ror|rorde|petar) pa (?:hennes |hans |min |mitt |mina )?(?:snippa|snopp|kiss|underliv|brost|rumpa)",
        r"(?:har )?(?:rort|rorde|tagit pa) (?:mig|henne|honom|barnet|min dotter|min son)\b",
        r"(?:kommer|smyger|gar) in (?:i|pa) (?:mitt|hennes|hans|vart) rum (?:pa|om|mitt i) "
        r"(?:natterna|natten|kvallarna)",
        r"tar pa (?:barnen|barnet|henne|honom) pa ett", r"pa ett konstigt satt", r"tar pa mig konstigt",
        r"tvinga(?:r|de|t)? (?:mig|henne|honom|hen)" + _GAP + r" (?:till sex|att ha sex|att gora saker|att skicka|"
        r"att kla av|att suga|till saker)", r"tvungen att gora saker", r"tvingad(?:e)? (?:till|att ha) sex",
        r"gor saker med (?:mig|henne|honom|hen|barnet|oss)",
        r"gjorde det med (?:honom|henne)", r"suga av", r"sexuellt (?:utnyttj|ofredande)", r"sexuella (?:overgrepp|"
        r"handlingar)", r"(?:sexiga|sexuella|snuskiga|ackliga) (?:saker|bilder|meddelanden)",
        r"(?:ar|hon ar|han ar) (?:1[0-4]|[0-9]) (?:ar )?och har sex", r"sex med en (?:vuxen|man som|kvinna som)",
        r"har sex med (?:henne|honom|hen|mig|barnet)", r"saljer sex", r"betalar mig for (?:bilder|sex)",
        r"(?:fast|trots att) jag sa nej", r"filmade (?:mig|henne|honom|oss) (?:nar|naken|utan)",
        r"drogade (?:mig|henne|honom)", r"(?:la|lagt) (?:nat|nagot) i min drink", r"minns (?:inget|ingenting)"
        r"(?: \w+){0,2} (?:natten|kvallen)", r"vaknade (?:naken|och han|och hon)", r"(?:holl|haller) pa med mig",
        r"nar jag sov", r"sov nar det hande", r"kommer in (?:nar jag duschar|till (?:mig|henne|honom) pa natterna)",
        r"(?:visa mig|visa sig|klä av|kla av) (?:mig )?(?:utan klader|naken)", r"utan klader pa kameran",
        r"sitter i hans kna", r"ofredande", r"ofredar", r"nakenbild", r"naken bild", r"nakenfoto", r"nudes",
        r"(?:sprida|sprider|spreds|lagga ut|la ut|skickar|skicka|visar|leaka|leakar) (?:mina |min |hennes |hans |"
        r"nakna |ut )(?:bilder|bilderna|bild|filmer|filmen|film|videon|videos?|nudes)\b",
        r"(?:sprida|sprider|lagga ut|leaka|leakar) (?:bilderna|filmen|videon)\b", r"om jag inte skickar fler",
        r"annars (?:skickar|sprider|visar|lagger ut) (?:han|hon|hen|de|dom)",
        r"bilder(?: \w+){0,8} vill (?:hon |han |de |dom )?ha "
        r"(?:\d+ ?(?:kr|kronor)|pengar)", r"sextortion", r"grooming", r"utpress", r"incest", r"pedofil",
    ),
    "akut": (
        r"akut\b", r"nodlage", r"hjalp mig nu", r"snalla hjalp", r"ring polisen", r"112\b", r"det ar brattom nu",
    ),
}

#: Everyday phrases that contain a danger word but describe no danger; they are
#: removed from the folded text before the patterns are searched.
HARMLESS = (
    r"slar (?:sig|oss) (?:ofta )?(?:nar (?:hen|han|hon|de) (?:leker|springer|ramlar|cyklar)|i lekparken)",
    r"slog (?:huvudet|knat|armen|tummen|foten|sig)\b", r"slar upp\b", r"slar ihop\b", r"slar av\b",
    r"slar pa\b", r"slar vad\b", r"slar sig (?:ner|for brostet)", r"sla ihjal tiden", r"doda tiden",
    r"(?:\d+|tva|tre|fyra|fem)-?aring(?:en)? (?:\w+ ){0,3}(?:slar|sparkar|bits|nyper|sager|hotar)"
    r"(?: och (?:slar|sparkar|bits|nyper))?(?: \w+)?",
    r"vald(?:e|a)? (?:skola|forskola|gymnasie|program|kurs)", r"blev vald\b", r"ar vald\b",
    r"(?:ata|ater|lara sig ata|anvanda) (?:med )?kniv", r"kniv och gaffel", r"hotar att rymma", r"hotar med vite",
    r"skar sig pa (?:kniven|en kniv|glas|en glasbit|ett glas|papper|pappret|en burk)",
    r"tvinga(?:r|de)? (?:barnet|barnen|barn|honom|henne|hen) att (?:ata|sova|borsta|ga till|kla pa|duscha)",
    r"valdsamma? (?:dataspel|spel|filmer|film|tv-spel|tv-serie|serie)", r"hot yoga",
    r"(?:volontar|jobba|arbeta|praktik) (?:pa|hos|for) (?:kvinnojour|tjejjour|bris)",
    r"skulle kunna doda for", r"radd for att do\b", r"hotar att flytta",
    r"(?:sakra|vassa|barn)knivar", r"knivar (?:ar|som ar) sakra",
    r"(?:prata|pratar|snacka)(?: man)? med (?:\w+ ){0,3}om (?:samtycke|sex|nakenbilder|kroppen)(?: \w+){0,3}",
    r"(?:utbildning|forelasning|forelasa|skolarbete|uppsats|statistik|kurs|information|studiedag)"
    r"(?: \w+){0,6} (?:vald|hedersvald|heder|sjalvmord|overgrepp)\w*(?: i hemmet| i nara relationer)?",
    r"hota(?:r|de)? med (?:att )?(?:ta ifran|stanga av|visa ut|vite|indragning|utvisning|straff|konsekvenser)",
    r"(?:rektorn|skolan|lararen|kommunen|forskolan|fritids|tranaren) (?:\w+ )?hota(?:r|de)? (?:med|att) "
    r"(?:stanga av|visa ut|ta ifran|anmala franvaron|vite)",
    r"dod(?:a|ar|ade) (?:man )?(?:tiden|loss|lossen|kvalster|kvalstren|bakterier|bakterierna|virus|ohyra|myror|"
    r"flugor|mogel|svamp)", r"(?:forskolan|skolan|fritids|klubben|laget) (?:\w+ ){0,2}lagga ut bilder",
    r"akut(?: \w+)? (?:barnvakt|tandvard|tandlakare|tand|forlossning|laxhjalp|plats pa forskola)",
)


#: The kinds in the order the acute-help box shows them. ``oklar``: the
#: classifier (``model.py``) sees danger that no rule names, so the box
#: shows every kind of help.
KINDS = ("akut", "vald", "sexuella-overgrepp", "barn-i-fara", "sjalvmord", "oklar")


#: Spoken and chat spellings, read as the written word before matching.
_SPOKEN_FORMS = {"mej": "mig", "dej": "dig", "sej": "sig", "nan": "nagon", "nat": "nagot", "ja": "jag", "o": "och",
                 "typ": "", "asså": "", "assa": ""}
_SPOKEN = re.compile(r"(?<![a-z])(?:" + "|".join(sorted(_SPOKEN_FORMS, key=len, reverse=True)) + r")(?![a-z])")


@cache
def _compiled() -> tuple[re.Pattern, dict[str, re.Pattern]]:
    harmless = re.compile(r"(?<![a-z])(?:" + "|".join(HARMLESS) + r")")
    kinds = {kind: re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")")
             for kind, patterns in PATTERNS.items()}
    return harmless, kinds


@dataclass(frozen=True)
class Assessment:
    """What the detector found: the kinds of danger (in ``KINDS`` order) and the words that showed it."""

    kinds: tuple[str, ...] = ()
    signals: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __contains__(self, kind: str) -> bool:
        return kind in self.kinds


NO_DANGER = Assessment()
#: Where a request keeps what ``assess`` found (its WSGI environ: gone with the request).
_ASSESSED = "familjeguiden.danger_assessed"


def assess(text: str | None) -> Assessment:
    """The kinds of danger ``text`` suggests (an empty, falsy ``Assessment`` if none).

    The rules first; when they find nothing, the trained classifier
    (``model.probability``) may still see danger, and the box then shows
    every kind of help. A request asks about the same text more than once
    (the rate limit's exemption, the view, the page), so the answer is
    kept for the rest of that request, and only there: what a person
    typed is not kept in the worker once the request is over.
    """
    if not text or not has_request_context():
        return _assess(text)
    known = request.environ.setdefault(_ASSESSED, {})
    found = known.get(text)
    if found is None:
        found = known[text] = _assess(text)
    return found


#: The classifier judges only texts of at least this many words; shorter ones, the rules alone.
MODEL_MIN_WORDS = 2


def _assess(text: str | None) -> Assessment:
    """The rules, then the classifier for a text of two words or more.

    A single word tells the classifier only which danger phrases it was
    trained on share its letters: "pappa", "granne", "killar" (from English
    "kill"), "och" scored 0.8-1.0 and put the acute-help box over a
    parent's one-word search. Every one-word danger phrase in the test sets
    ("självmord", "kvinnojour", "våldtäkt") is a rule's, so the rules
    alone judge one word.
    """
    found = rule_assessment(text)
    if found or not text or len(text.split()) < MODEL_MIN_WORDS:
        return found
    from .model import THRESHOLD, probability

    chance = probability(text)
    return Assessment(("oklar",), (f"modell {chance:.2f}",)) if chance >= THRESHOLD else NO_DANGER


def rule_assessment(text: str | None) -> Assessment:
    """What the pattern rules alone find in ``text``."""
    if not text:
        return NO_DANGER
    harmless, kinds = _compiled()
    folded = _SPOKEN.sub(lambda m: _SPOKEN_FORMS[m.group(0)], " ".join(fold(text).split()))
    folded = " ".join(harmless.sub(" ", folded).split())
    other = find_in_other_languages(text)  # English, Arabic and Finnish phrasings (languages.py)
    found: dict[str, str] = {}
    for kind in (k for k in KINDS if k in kinds):
        match = kinds[kind].search(folded)
        if match or kind in other:
            found[kind] = match.group(0) if match else other[kind]
    for word in folded.split():
        kind = _misspelt_danger_word(word)
        if kind and kind not in found:
            found[kind] = word
    if ("vald" in found or "sexuella-overgrepp" in found) and "barn-i-fara" not in found:
        child = _child_hurt().search(folded)
        if child:
            found["barn-i-fara"] = child.group(0)
    ordered = [k for k in KINDS if k in found]
    return Assessment(tuple(ordered), tuple(found[k] for k in ordered)) if found else NO_DANGER


#: Words that name danger on their own, folded, and their kind: typed in a hurry with one letter left
#: out, added, changed or two swapped ("sjavmord", "valdtackt"), they still show the box.
TYPO_TOLERANT = {
    "sjalvmord": "sjalvmord", "sjalvmordstankar": "sjalvmord", "sjalvskada": "sjalvmord",
    "misshandel": "vald", "misshandlad": "vald", "kvinnojour": "vald", "hedersvald": "vald",
    "valdtakt": "sexuella-overgrepp", "overgrepp": "sexuella-overgrepp",
}


def _misspelt_danger_word(word: str) -> str | None:
    """The kind of a ``TYPO_TOLERANT`` word that ``word`` is one slip of the keyboard away from."""
    if len(word) < 6 or word in TYPO_TOLERANT:
        return None  # short words are too close to others; an exact word is the patterns' to find
    for target, kind in TYPO_TOLERANT.items():
        if abs(len(target) - len(word)) <= 1 and (word[:2] == target[:2] or word[-2:] == target[-2:]) \
                and _one_slip(word, target):
            return kind
    return None


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of neighbours."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    return swapped or a[i + 1:] == b[i + 1:]


@cache
def _child_hurt() -> re.Pattern:
    """Violence or abuse where the one hurt may be a child: a child named, an age, or a child telling of a parent.

    Such a text is also a child in danger, so the box adds BRIS, socialjouren
    and how to make an orosanmälan to the help for violence. Naming more help
    than needed is the safe side here.
    """
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join((
        _CHILD, r"\w*barn\w*", r"\d+ ?-?ar(?:ing\w*)?\b", r"elev\w*", r"kompis\w*", r"lillebror|lillasyster",
        _PARENT + r"(?: [a-z]+){0,3} (?:mig|oss)\b", r"(?:kille|karl|sambo|pojkvan) slar (?:mig|oss)\b(?!.*\bvi bor)",
    )) + r")")


def looks_urgent(text: str | None) -> bool:
    """Whether a question should be flagged urgent (any kind of danger)."""
    return bool(assess(text))
