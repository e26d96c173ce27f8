package demo

// initiativeText is one initiative of the demo catalogue, with the ideas
// neighbours propose on it. Larger sizes reuse the catalogue with the name
// of another neighbourhood in the title.
type initiativeText struct {
	title, short, summary, description string
	// neighbourhood is the slug of its demo neighbourhood; themes are theme
	// slugs, the first being the one the activity log records.
	neighbourhood string
	themes        []string
	website       string
	facebook      string
	instagram     string
	whatsapp      string
	status        string
	// organiser: the demo organiser (Youssef) runs it.
	organiser bool
	// startedDaysAgo places the start in the past year; recent green
	// initiatives make "groen" rise in the last quarter, as in journey 5.
	startedDaysAgo int
	ideas          []ideaText
}

// ideaText is an idea's title and Markdown description.
type ideaText struct{ title, description string }

func catalogue() []initiativeText {
	return []initiativeText{
		{
			title: "Straatdiner op het Bolplein", short: "Straatdiner",
			summary:       "Eén lange tafel over het hele plein: iedereen neemt iets mee en we eten samen.",
			neighbourhood: "bolwijk", themes: []string{"buurtgevoel", "cultuur"}, status: "active", startedDaysAgo: 340,
			facebook: "https://www.facebook.com/groups/straatdinerbolplein",
			whatsapp: "https://chat.whatsapp.com/DemoStraatdinerBolplein",
			description: "Elk jaar in juni zetten we de tafels aan elkaar op het **Bolplein**. " +
				"Iedereen neemt een gerecht mee uit eigen keuken, zo proef je de hele buurt.\n\n" +
				"## Wat we nodig hebben\n\n- tafels en stoelen (de school leent ze uit)\n- mensen voor opbouwen en opruimen\n" +
				"- muziek voor na het eten\n\nHeb je een idee of wil je helpen? Zet het hieronder!",
			ideas: []ideaText{
				{"Lampjes in de bomen", "Als het donker wordt, zijn lichtsnoeren in de bomen rond het plein heel gezellig. Ik heb er zelf al een paar."},
				{"Een tafel met eten zonder vlees", "Zodat iedereen weet waar de vegetarische en halal gerechten staan. Met kaartjes erbij."},
				{"Kinderhoek met krijt en spelletjes", "Dan kunnen de ouders rustig eten en de kinderen spelen op het plein."},
				{"Muziek van buurtbewoners", "Er wonen hier genoeg mensen die een instrument spelen. Laten we een klein podium maken."},
				{"Recepten verzamelen in een boekje", "Vraag iedereen het recept van hun gerecht. Dan maken we er na afloop een buurtkookboek van."},
				{"Statafels voor wie niet lang kan zitten", "Voor oudere buren is een hele avond op een bankje zwaar. Een paar statafels en stoelen met leuning helpen."},
				{"Afval scheiden met duidelijke bakken", "Vorig jaar lag er veel plastic. Drie bakken met plaatjes erop maken het makkelijk."},
				{"Ook een diner in de winter", "Binnen in het buurthuis, met soep. Dan zien we elkaar ook in de koude maanden."},
				{"Uitnodiging in meerdere talen", "Niet iedereen leest Nederlands. Een flyer in het Turks, Arabisch en Engels erbij zou mooi zijn."},
				{"Herbruikbare borden en bekers", "Geen wegwerpspul meer. We kunnen een kist met servies aanschaffen en die elk jaar gebruiken."},
			},
		},
		{
			title: "Moestuin achter de Molen", short: "Buurtmoestuin",
			summary:       "Het braakliggende veldje achter de molen wordt een moestuin voor en door de buurt.",
			neighbourhood: "molenbuurt", themes: []string{"groen", "duurzaamheid"}, status: "active", startedDaysAgo: 95,
			instagram: "https://www.instagram.com/moestuinachterdemolen",
			description: "Het veldje achter de molen ligt er al jaren ongebruikt bij. Wij willen er **bakken met groente, " +
				"kruiden en bloemen** neerzetten. Iedereen mag meedoen, ook als je nog nooit iets hebt gekweekt.\n\n" +
				"We werken op zaterdagochtend samen in de tuin. Wat er groeit, delen we.",
			ideas: []ideaText{
				{"Verhoogde bakken voor rolstoelgebruikers", "Zodat ook buren die slecht ter been zijn mee kunnen tuinieren."},
				{"Een regenton bij de schuur", "Dan hoeven we geen water van de kraan te halen."},
				{"Compostbak voor groente-afval uit de buurt", "Buren kunnen hun schillen brengen, wij krijgen er goede aarde voor terug."},
				{"Schooltuintjes voor de basisschool", "Groep 5 en 6 kunnen er elk een bak verzorgen. Goed voor de lessen over natuur."},
				{"Bijenhotel en bloemen voor insecten", "Een hoek met wilde bloemen helpt bijen en vlinders."},
				{"Oogstfeest in september", "Samen koken met wat we geoogst hebben."},
				{"Gereedschap delen via een kast", "Een afgesloten kast met schoppen en harken, de code krijgen alle leden."},
				{"Bordje met wat er groeit", "Dan weten voorbijgangers wat ze zien en dat ze welkom zijn."},
			},
		},
		{
			title: "Speeltuin Merelhof opknappen", short: "Speeltuin opknappen",
			summary:       "De speeltuin aan het Merelhof is versleten. Samen met de kinderen maken we een plan.",
			neighbourhood: "vogelbuurt", themes: []string{"spelen", "jongeren"}, status: "active", startedDaysAgo: 300,
			description: "De schommel is al maanden kapot en het klimrek is verroest. We willen met de kinderen uit de buurt " +
				"bedenken wat er moet komen, en dat plan aan de gemeente laten zien.\n\n" +
				"**Tekenmiddag:** kinderen tekenen hun droomspeeltuin. De mooiste ideeën zetten we hieronder.",
			ideas: []ideaText{
				{"Een kabelbaan", "Dat willen alle kinderen uit groep 7. Er is genoeg ruimte langs het hek."},
				{"Bankjes in de schaduw voor ouders", "Nu staat er één bankje in de volle zon."},
				{"Speeltoestel voor kinderen met een beperking", "Een brede schommel of een draaischijf waar een rolstoel op past."},
				{"Hek om de speeltuin vanwege de hondenpoep", "Met een poortje dat vanzelf dichtgaat."},
				{"Natuurlijk spelen met boomstammen en zand", "Minder plastic, meer klauteren op echte stammen."},
				{"Watertappunt", "In de zomer hebben de kinderen dorst en moeten ze steeds naar huis."},
				{"Verlichting 's avonds", "In de winter is het om vijf uur al donker en voelt het plein onveilig."},
				{"Opknapdag met de buurt", "Schilderen en schoonmaken kunnen we zelf, dat scheelt geld."},
			},
		},
		{
			title: "Grote opruimactie Oosterpark", short: "Opruimactie",
			summary:       "Eén zaterdag per maand prikken we samen zwerfafval in en rond het park.",
			neighbourhood: "oosterpark", themes: []string{"groen", "buurtgevoel"}, status: "completed", startedDaysAgo: 360,
			website: "https://opruimen-oosterpark.example",
			description: "Met grijpers, vuilniszakken en koffie na afloop. De gemeente haalt de zakken op.\n\n" +
				"We begonnen met acht mensen, inmiddels zijn we met meer dan dertig. Dit jaar zijn we klaar: " +
				"het park is schoner dan ooit. *Dank aan iedereen die meedeed!*",
			ideas: []ideaText{
				{"Meer afvalbakken bij de vijver", "Daar ligt het meeste afval, vooral na zonnige dagen."},
				{"Grijpers te leen in de bibliotheek", "Zodat je ook zelf kunt prikken als je een rondje loopt."},
				{"Actie samen met de scholen", "Op de Landelijke Opschoondag doen de scholen al mee. Laten we dat combineren."},
				{"Statiegeld-blikjes verzamelen voor een goed doel", "De opbrengst kan naar de voedselbank."},
				{"Bordjes: neem je afval mee", "Vriendelijk, met een tekening van kinderen uit de buurt."},
				{"Peukentegels bij de bankjes", "Rokers gooien hun peuk dan niet meer in het gras."},
			},
		},
		{
			title: "Kroegentocht langs de buurtcafés", short: "Kroegentocht",
			summary:       "Een avond lang van café naar café, met in elk café een andere buurtband.",
			neighbourhood: "schildersbuurt", themes: []string{"cultuur", "buurtgevoel"}, status: "active", startedDaysAgo: 250,
			instagram: "https://www.instagram.com/kroegentocht.schildersbuurt",
			description: "De Schildersbuurt heeft vijf cafés die allemaal meedoen. Je koopt één polsbandje en krijgt in elk café " +
				"een drankje. In elk café speelt een band of dj uit de buurt.\n\nDe opbrengst gaat naar het buurthuis.",
			ideas: []ideaText{
				{"Alcoholvrije route", "Met mocktails en thee, zodat iedereen mee kan doen."},
				{"Eindigen met een afterparty in het buurthuis", "Dan hoeven de cafés niet zo laat open."},
				{"Stempelkaart in plaats van een polsbandje", "Wie alle stempels heeft, maakt kans op een prijs van de winkels."},
				{"Een quiz over de geschiedenis van de buurt", "In elk café een ronde vragen."},
				{"Rekening houden met buren die vroeg slapen", "Muziek binnen na elf uur, en een duidelijk eindtijd."},
				{"Ook een middagversie voor ouderen", "Koffie en gebak in plaats van bier, met een pianist."},
			},
		},
		{
			title: "Buurtbibliotheek in de oude telefooncel", short: "Buurtbibliotheek",
			summary:       "Breng een boek, neem een boek: de oude telefooncel op het Tuinplein wordt een minibieb.",
			neighbourhood: "tuindorp", themes: []string{"cultuur", "ouderen"}, status: "active", startedDaysAgo: 210,
			description: "De oude telefooncel staat al jaren leeg. Met planken erin en een lampje wordt het een " +
				"**minibibliotheek**. Iedereen kan er boeken brengen en halen, gratis.\n\nWe zoeken mensen die af en toe " +
				"de boeken netjes zetten.",
			ideas: []ideaText{
				{"Plank met kinderboeken op ooghoogte", "Zodat kleine kinderen zelf kunnen kiezen."},
				{"Boeken in andere talen", "Veel buren lezen ook graag in het Turks, Pools of Arabisch."},
				{"Voorleesmiddag op woensdag", "Een vrijwilliger leest voor op het bankje naast de cel."},
				{"Een schrift voor tips", "Schrijf op welk boek je aanraadt."},
				{"Zaadjes en stekjes ruilen", "Naast boeken ook plantjes en zaden delen."},
				{"Grootletterboeken voor slechtzienden", "De bibliotheek in de stad heeft afgeschreven exemplaren."},
				{"Puzzels en spellen ruilen", "Voor de lange winteravonden."},
			},
		},
		{
			title: "Geveltuinen in de Rembrandtstraat", short: "Geveltuinen",
			summary:       "Tegels eruit, planten erin: samen maken we de straat groener en koeler.",
			neighbourhood: "schildersbuurt", themes: []string{"groen", "duurzaamheid"}, status: "active", startedDaysAgo: 80,
			description: "Een geveltuin is een strook van één tegel breed langs je gevel. De gemeente haalt de tegels weg " +
				"als je dat aanvraagt; wij helpen met aarde en planten.\n\n- het wordt koeler in de zomer\n- regenwater zakt " +
				"in de grond\n- de straat wordt mooier\n\nDoe je mee? Kijk bij de ideeën welke planten we kiezen.",
			ideas: []ideaText{
				{"Klimrozen en blauweregen", "Die groeien snel en bloeien mooi tegen de gevel."},
				{"Samen inkopen voor korting", "Bij de kweker aan de rand van de stad krijgen we korting als we met twintig huizen bestellen."},
				{"Een gieterrooster voor de vakantie", "Buren geven elkaars geveltuin water als iemand weg is."},
				{"Tegelwipdag met de hele straat", "Eén dag waarop we alle tegels tegelijk weghalen, met koffie en muziek."},
				{"Inheemse planten voor vlinders", "Lavendel, kattenkruid en vlinderstruik trekken veel insecten."},
				{"Regenpijp afkoppelen naar de geveltuin", "Dan krijgen de planten vanzelf water."},
				{"Boomspiegels ook beplanten", "Rond de bomen in de straat is nog veel kale grond."},
				{"Bordje: hier groeit een geveltuin", "Zodat de veegwagen er voorzichtig langs gaat."},
			},
		},
		{
			title: "Repair Café Havenkwartier", short: "Repair Café",
			summary:       "Elke eerste zaterdag van de maand repareren vrijwilligers je kapotte spullen, samen met jou.",
			neighbourhood: "havenkwartier", themes: []string{"duurzaamheid", "buurtgevoel"}, status: "active", startedDaysAgo: 330,
			organiser: true, website: "https://repaircafe-havenkwartier.example",
			facebook: "https://www.facebook.com/repaircafehavenkwartier",
			description: "Weggooien? Mooi niet! Neem je kapotte broodrooster, fiets of broek mee naar de oude loods. " +
				"Onze vrijwilligers kijken samen met jou wat er mis is.\n\n**Elke eerste zaterdag van de maand, 10:00–13:00.** " +
				"Koffie en thee staan klaar.",
			ideas: []ideaText{
				{"Fietsenmaker erbij", "Er komen veel mensen met een lekke band of kapotte verlichting."},
				{"Naaimachines voor kleding", "Er zijn buren die goed kunnen naaien en het graag leren aan anderen."},
				{"Uitleenplek voor gereedschap", "Een boormachine heb je maar een paar keer per jaar nodig."},
				{"Reparatiecursus voor jongeren", "Leren solderen en een telefoonscherm vervangen."},
				{"Ook op een doordeweekse avond", "Op zaterdag werk ik, net als veel anderen."},
				{"Lijst bijhouden van wat we redden", "Hoeveel kilo spullen niet bij het afval belandt, motiveert iedereen."},
				{"Samenwerken met de kringloopwinkel", "Wat niet te repareren is, kan misschien nog onderdelen leveren."},
			},
		},
		{
			title: "Jongerenpodium in de Loods", short: "Jongerenpodium",
			summary:       "Een plek waar jongeren uit de buurt optreden: rap, dans, spoken word en bands.",
			neighbourhood: "havenkwartier", themes: []string{"jongeren", "cultuur"}, status: "active", startedDaysAgo: 180,
			organiser: true, instagram: "https://www.instagram.com/jongerenpodium.loods",
			description: "Jongeren uit het Havenkwartier hebben talent, maar geen plek om het te laten zien. In de oude loods " +
				"maken we een **podium**, met licht en geluid.\n\nJongeren bepalen zelf het programma. Ouderen zijn welkom als publiek!",
			ideas: []ideaText{
				{"Open podium elke maand", "Iedereen mag zich opgeven, ook als je nog nooit hebt opgetreden."},
				{"Opnamestudio in het hok achter het podium", "Met een goede microfoon en een laptop kun je al veel."},
				{"Danswedstrijd tussen de wijken", "Jongeren uit de hele stad uitnodigen."},
				{"Workshops van artiesten uit de stad", "Bekende rappers en dansers geven les."},
				{"Jongeren zelf in het bestuur", "Niet over ons zonder ons."},
				{"Graffitimuur aan de buitenkant", "Een legale plek om te spuiten, met een nieuw thema per seizoen."},
				{"Vaste avond voor meiden", "Sommige meiden voelen zich vrijer als ze onder elkaar oefenen."},
			},
		},
		{
			title: "Ouderenkoffie op dinsdag", short: "Ouderenkoffie",
			summary:       "Elke dinsdagochtend koffie, een praatje en af en toe een spelletje in het buurthuis.",
			neighbourhood: "rietveld", themes: []string{"ouderen", "buurtgevoel"}, status: "active", startedDaysAgo: 280,
			whatsapp: "https://chat.whatsapp.com/DemoOuderenkoffieRietveld",
			description: "Veel oudere buren zijn alleen. Op dinsdag van 10 tot 12 staat de koffie klaar in het buurthuis " +
				"aan de Rietkade. Er is altijd iemand om mee te praten.\n\nKun je slecht lopen? **We halen je op.**",
			ideas: []ideaText{
				{"Vervoer met de buurtbus", "Een paar vrijwilligers met een auto kunnen buren ophalen."},
				{"Spreekuur over de computer en de telefoon", "Hoe werkt DigiD, hoe bel je met beeld met de kleinkinderen?"},
				{"Gymoefeningen op de stoel", "Een fysiotherapeut uit de buurt wil het graag begeleiden."},
				{"Samen lunchen op de laatste dinsdag", "Soep en broodjes, voor een klein bedrag."},
				{"Jongeren en ouderen samen", "Leerlingen van de middelbare school komen een keer per maand spelletjes doen."},
				{"Wandelgroepje na de koffie", "Een rustig rondje langs de Rietvaart."},
			},
		},
		{
			title: "Verkeersveilige schoolroute Tuindorp", short: "Veilige schoolroute",
			summary:       "Kinderen moeten veilig naar school kunnen lopen en fietsen. We brengen de gevaarlijke punten in kaart.",
			neighbourhood: "tuindorp", themes: []string{"verkeer", "veiligheid", "spelen"}, status: "active", startedDaysAgo: 150,
			description: "Elke ochtend is het druk bij de basisschool: auto's die keren, fietsers op de stoep. Ouders en " +
				"de school willen samen met de gemeente een **veilige route** maken.\n\nZet hieronder de plekken waar het " +
				"misgaat, en wat volgens jou zou helpen.",
			ideas: []ideaText{
				{"Zebrapad bij de Tuinlaan", "Daar steken de meeste kinderen over en auto's rijden er hard."},
				{"Kiss-and-ride-strook", "Ouders kunnen dan kort stoppen zonder de straat te blokkeren."},
				{"Schoolstraat: auto's weg bij begin en einde van de school", "In andere steden werkt dat goed."},
				{"Drempel in de Hofstraat", "Er wordt veel te hard gereden, ook 's middags."},
				{"Verkeersbrigadiers van groep 8", "Met hesjes en een bordje, onder begeleiding."},
				{"Fietsenrekken op het schoolplein", "Nu staan fietsen overal op de stoep."},
				{"Heg bij de bocht snoeien", "Je ziet aankomende auto's pas op het laatste moment."},
			},
		},
		{
			title: "Wandelbankjes langs de Rietvaart", short: "Wandelbankjes",
			summary:       "Om de paar honderd meter een bankje, zodat ook wie slecht ter been is een rondje kan lopen.",
			neighbourhood: "rietveld", themes: []string{"ouderen", "groen"}, status: "paused", startedDaysAgo: 230,
			description: "Het pad langs de Rietvaart is prachtig, maar er is geen enkel bankje. Wij willen er **zes bankjes** " +
				"plaatsen, het liefst met een tekst of naam van een buurtbewoner erop.\n\n*We wachten op het antwoord van het " +
				"waterschap, daarom staat het initiatief even stil.*",
			ideas: []ideaText{
				{"Bankjes met leuning en armsteun", "Dan kom je makkelijker weer overeind."},
				{"Een bankje adopteren", "Een familie betaalt mee en krijgt een plaatje met een tekst."},
				{"Afvalbak bij elk bankje", "Anders ligt er straks overal afval."},
				{"Bankjes van hout uit de buurt", "De gesnoeide bomen uit het park kunnen we laten verwerken."},
				{"Rustpunt met schaduw bij de brug", "Een boom erbij planten voor de zomer."},
			},
		},
	}
}

// genericIdeas fit any initiative; they fill up initiatives that get more
// ideas than their own list holds.
func genericIdeas() []ideaText {
	return []ideaText{
		{"Een WhatsApp-groep voor de hele straat", "Dan hoor je sneller wat er speelt en kun je elkaar makkelijk vragen om hulp."},
		{"Flyers in de brievenbus", "Niet iedereen zit op internet. Een flyer met de datum bereikt ook de oudere buren."},
		{"Samenwerken met de basisschool", "De school wil graag meedoen met projecten in de buurt."},
		{"Vraag de winkeliers om mee te betalen", "De bakker en de supermarkt hebben al laten weten dat ze willen sponsoren."},
		{"Een vaste avond om te overleggen", "Eens per maand in het buurthuis, zodat iedereen weet wanneer hij kan aanschuiven."},
		{"Foto's van voor en na", "Dan zien we wat we samen bereikt hebben, en kunnen we het de gemeente laten zien."},
		{"Buurtbudget aanvragen bij de gemeente", "Voor kleine projecten kun je tot 5.000 euro krijgen."},
		{"Ook iets voor mensen die overdag werken", "Plan een deel van de activiteiten in de avond of het weekend."},
		{"Tolk of vertaling bij bijeenkomsten", "Zodat buren die nog weinig Nederlands spreken ook mee kunnen praten."},
		{"Een prikbord in de supermarkt", "Daar komt iedereen, ook wie niet online is."},
		{"Kinderen laten meedenken", "Kinderen hebben vaak de beste ideeën. Laat ze tekenen wat ze willen."},
		{"Rolstoeltoegankelijk maken", "Denk bij alles aan een drempelvrije ingang en een invalidentoilet."},
		{"Koffie en iets lekkers na afloop", "Dan blijft iedereen nog even hangen en leer je elkaar kennen."},
		{"Vrijwilligerslijst bijhouden", "Zodat we weten wie wanneer kan helpen, en niemand alles alleen doet."},
		{"Een spandoek aan het buurthuis", "Zichtbaar voor iedereen die langsloopt."},
		{"Samen met de woningcorporatie", "De corporatie heeft geld voor leefbaarheid en wil graag meedoen."},
		{"Een vaste plek voor spullen", "Een schuurtje of container waar we materiaal kunnen opslaan."},
		{"Jaarlijks feest om het te vieren", "Een moment om iedereen te bedanken die heeft geholpen."},
		{"Buren met een beperking betrekken", "Vraag wat zij nodig hebben om mee te kunnen doen."},
		{"Een verslag in de wijkkrant", "Zo horen ook de buren die niet op dit platform zitten ervan."},
		{"Duurzaam materiaal gebruiken", "Tweedehands of gerecycled waar het kan."},
		{"Contact met de wijkagent", "Die denkt graag mee over veiligheid."},
		{"Een vast aanspreekpunt per straat", "Iemand bij wie je terecht kunt met vragen."},
		{"Geld inzamelen met een rommelmarkt", "Iedereen heeft wel iets op zolder staan."},
		{"Meer bankjes om even te zitten", "Handig voor ouderen, en gezellig voor iedereen."},
		{"Een buurtlunch om elkaar te leren kennen", "Nieuwe buren voelen zich sneller thuis."},
		{"Hulp vragen aan studenten", "Studenten van de hogeschool zoeken praktijkopdrachten in wijken."},
		{"Een enquête onder de buren", "Vraag eerst wat mensen echt willen, voordat we beginnen."},
		{"Fietsenstalling erbij", "Er is nu geen plek om je fiets netjes neer te zetten."},
		{"Planning op een groot bord", "Zodat iedereen kan zien wat er wanneer gebeurt."},
	}
}
