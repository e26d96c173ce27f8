package demo

import (
	"math/rand/v2"
	"strconv"
)

// firstNames mix the names of several generations and backgrounds, as a
// Dutch neighbourhood does.
var firstNames = []string{
	"Anouk", "Bram", "Daan", "Emma", "Fatima", "Fleur", "Gerrit", "Hanneke", "Ibrahim", "Iris",
	"Jan", "Jasmijn", "Joost", "Julia", "Karin", "Kees", "Lars", "Lieke", "Lotte", "Luuk",
	"Maartje", "Marloes", "Mehmet", "Milan", "Mohamed", "Naima", "Nina", "Noah", "Olga", "Pieter",
	"Priya", "Rachid", "Renske", "Rik", "Roos", "Ruud", "Sanne", "Sem", "Sevda", "Sjoerd",
	"Sofie", "Stijn", "Tamara", "Thijs", "Tim", "Ton", "Ula", "Vera", "Wim", "Yara",
	"Yusuf", "Zeynep", "Anton", "Bas", "Carla", "Dewi", "Elif", "Femke", "Hugo", "Ilse",
	"Jeroen", "Kevin", "Layla", "Marja", "Nadia", "Orlando", "Petra", "Quinten", "Ricardo", "Sarita",
}

// lastNames are common Dutch, Surinamese, Turkish and Moroccan family
// names, with their tussenvoegsels.
var lastNames = []string{
	"de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
	"Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
	"de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van Dijk", "Schouten",
	"Willems", "van Wijk", "Hoekstra", "Koster", "Prins", "Huisman", "Kuipers", "Postma", "Boersma", "Verhoeven",
	"Yılmaz", "Kaya", "Demir", "Şahin", "El Amrani", "Bouzid", "El Idrissi", "Benali", "Ouali", "Haddou",
	"Sewdien", "Ramdin", "Kanhai", "Pinas", "Biharie", "Tjon", "Nijman", "Wolters", "Kramer", "Hermans",
}

// dutchName makes a believable, fictional full name.
func dutchName(rng *rand.Rand) string {
	return firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
}

// extraNeighbourhoodNames build names for the neighbourhoods a large
// benchmark size needs beyond the demo municipality's eight.
var (
	neighbourhoodPrefixes = []string{"Noord", "Oost", "Zuid", "West", "Oud", "Nieuw", "Hoog", "Laag"}
	neighbourhoodBases    = []string{
		"Kerkbuurt", "Stationskwartier", "Akkers", "Weide", "Hoven", "Dijk", "Bosrand", "Beemd",
		"Kade", "Molenwijk", "Veld", "Burcht",
	}
)

// extraNeighbourhoodName returns the i-th extra neighbourhood name; every i
// gives a different name ("Noord-Kerkbuurt", "Noord-Stationskwartier", …,
// and "… 2" once all combinations are used).
func extraNeighbourhoodName(i int) string {
	per := len(neighbourhoodPrefixes) * len(neighbourhoodBases)
	p := neighbourhoodPrefixes[(i/len(neighbourhoodBases))%len(neighbourhoodPrefixes)]
	name := p + "-" + neighbourhoodBases[i%len(neighbourhoodBases)]
	if round := i / per; round > 0 {
		name += " " + strconv.Itoa(round+1)
	}
	return name
}
