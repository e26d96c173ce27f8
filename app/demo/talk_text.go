package demo

import "math/rand/v2"

// Comments are put together from an opening and a remark, so that a few
// thousand of them rarely repeat word for word.
var (
	commentOpeners = []string{
		"Goed idee!", "Helemaal mee eens.", "Top!", "Wat leuk.", "Mooi plan.", "Eens.", "Ja, graag!",
		"Dit zou echt helpen.", "Sterk idee.", "Daar ben ik voor.", "Prima plan.", "Hmm, interessant.",
		"Leuk dat iemand dit oppakt.", "Eindelijk!", "Goed dat dit er staat.",
	}
	commentRemarks = []string{
		"Ik help graag mee met opzetten.",
		"Mijn buren willen ook meedoen.",
		"Kunnen we dit ook in het weekend doen?",
		"Ik kan een aanhanger lenen als dat nodig is.",
		"Hoeveel gaat het ongeveer kosten?",
		"Ik woon om de hoek, laat maar weten wanneer.",
		"Mijn kinderen vinden het ook een goed plan.",
		"Denk ook aan de mensen die slecht ter been zijn.",
		"Dit hebben ze in de buurt van mijn zus ook gedaan, dat werkte heel goed.",
		"Ik heb er wel wat spullen voor liggen.",
		"Misschien kan de woningcorporatie meebetalen?",
		"Wie neemt contact op met de gemeente?",
		"Laten we het eerst klein proberen en dan kijken.",
		"Ik ben op zaterdagochtend meestal vrij.",
		"Mijn oma zou dit prachtig vinden.",
		"Goed om ook de school erbij te betrekken.",
		"Is er al een datum?",
		"Ik kan flyers maken, ik doe dat voor mijn werk.",
		"Zet me maar op de lijst.",
		"Vorig jaar was het ook al zo'n succes.",
		"Niet te groot maken, dan blijft het gezellig.",
		"Ik deel het in onze straat-app.",
		"Misschien kunnen we *samen* met de buurtvereniging optrekken?",
		"Wel rekening houden met de buren die vroeg naar bed gaan.",
		"Ik ken iemand die hier verstand van heeft, ik vraag het even.",
		"Zie ook de tips op [de site van de gemeente](https://gemeente.example/buurtbudget).",
		"Kan dit ook voor de jongeren hier?",
		"Ik steun het, maar wie onderhoudt het daarna?",
		"Dat scheelt een hoop gedoe.",
		"Heel goed voor de sfeer in de buurt.",
		"Ik doe mee, mijn man ook.",
		"Misschien kan de bakker koffie en koek sponsoren?",
		"Wat mij betreft mag dit **elk jaar**.",
		"Ik heb er een foto van gemaakt, hoe kan ik die delen?",
		"Graag ook iets voor de allerkleinsten.",
		"Hier ben ik al jaren voorstander van.",
	}
	replies = []string{
		"Dank je! Ik zet je op de lijst.",
		"Goede vraag, dat nemen we mee in het volgende overleg.",
		"Klopt, daar hadden we nog niet aan gedacht.",
		"Ik stuur je een berichtje.",
		"Ja, dat lijkt me ook verstandig.",
		"Dat zoeken we uit en we laten het hier weten.",
		"Top, dan spreken we volgende week af.",
		"Eens, maar dan moeten we wel genoeg vrijwilligers hebben.",
		"De gemeente heeft laten weten dat het kan.",
		"Ik heb het al gevraagd, nog geen antwoord.",
		"Helemaal goed, welkom!",
		"Zaterdag om tien uur bij het buurthuis.",
		"Dat kan via de knop hierboven.",
		"Haha, precies.",
		"Het kost ongeveer 200 euro, we zoeken nog sponsors.",
		"Ik denk dat het wel meevalt.",
		"Goed punt, ik zet het op de agenda.",
		"Leuk! Neem vooral je buren mee.",
	}
)

// commentBody returns a believable comment.
func commentBody(rng *rand.Rand) string {
	remark := commentRemarks[rng.IntN(len(commentRemarks))]
	if rng.IntN(3) == 0 {
		return remark
	}
	return commentOpeners[rng.IntN(len(commentOpeners))] + " " + remark
}

// replyBody returns a believable reply.
func replyBody(rng *rand.Rand) string { return replies[rng.IntN(len(replies))] }

// updateBodies are news organisers post; Markdown.
var updateBodies = []string{
	"**Eerste bijeenkomst geweest!** Met twaalf buren hebben we de plannen besproken. Volgende stap: de gemeente bellen.",
	"Goed nieuws: de gemeente denkt mee en we mogen het plein gebruiken. Dank voor al jullie steun!",
	"We zoeken nog **drie vrijwilligers** voor de opbouw. Reageer bij een idee of stuur een berichtje.",
	"De foto's van vorige week staan op onze Facebookpagina. Wat een mooie dag was het!",
	"Kleine vertraging: de levering van het materiaal duurt twee weken langer. We houden jullie op de hoogte.",
	"We hebben de ideeën met de meeste steun besproken. Drie ervan gaan we dit jaar doen, zie de status bij de ideeën.",
	"Dank aan de bakker op de hoek voor de koffie en de koek!",
	"De datum staat vast. Zet hem alvast in je agenda en neem je buren mee.",
	"Het buurtbudget is toegekend: **2.500 euro**. Daar kunnen we veel mee.",
	"Volgende overleg: dinsdag om acht uur in het buurthuis. Iedereen is welkom.",
	"We hebben een WhatsApp-groep gemaakt. De link staat bovenaan deze pagina.",
	"Het was een succes: meer dan zestig buren deden mee. Op naar de volgende keer!",
}

// statusReasons are what organisers write when they give an idea a status.
var statusReasons = map[string][]string{
	"considering": {
		"We bespreken dit op de volgende buurtavond.",
		"Leuk idee, we kijken of het past in het budget.",
		"We vragen na bij de gemeente of dit mag.",
	},
	"planned": {
		"Dit gaan we doen! We zoeken nog twee helpers.",
		"Staat op de planning voor het voorjaar.",
		"De gemeente heeft toestemming gegeven. We gaan aan de slag.",
	},
	"done": {
		"Gelukt, dank aan iedereen die heeft geholpen!",
		"Klaar. Kom vooral kijken.",
		"Gedaan tijdens de klusdag van vorige maand.",
	},
	"not_now": {
		"Mooi idee, maar daar is nu geen geld voor. We bewaren het.",
		"Dit mag helaas niet van de gemeente op deze plek.",
		"Te veel werk voor de groep van nu. Misschien volgend jaar.",
	},
}

// hideReason is what an organiser writes when hiding a comment.
const hideReason = "Verborgen: dit gaat niet over het idee."
