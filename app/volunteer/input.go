package volunteer

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam on machines without a zone database
	"unicode"
	"unicode/utf8"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// Zone is where every time is entered and shown: forms give local times,
// the database keeps UTC.
var Zone = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// FormTime is the layout of an <input type="datetime-local"> value.
const FormTime = "2006-01-02T15:04"

// FormValue writes t as a datetime-local value in Amsterdam time.
func FormValue(t time.Time) string { return t.In(Zone).Format(FormTime) }

// Limits of the form fields.
const (
	TitleMin, TitleMax = 3, 120
	DescriptionMax     = 5000
	PlaceMax           = 200
	BringMax           = 500
	ReasonMax          = 500
	CapacityMin        = 1
	CapacityMax        = 500
	LimitMax           = 10000
)

// ActivityInput is the activity form as typed, so it can be shown again.
type ActivityInput struct {
	Title, Description, Start, End, Place, Lat, Lon, Limit string
}

// TaskInput is the task form as typed. ActivityID is "" for a standalone
// task.
type TaskInput struct {
	Title, Description, Bring, Start, End, Capacity, ActivityID string
}

// activityClean is a checked ActivityInput.
type activityClean struct {
	title, description, place string
	start, end                time.Time
	lat, lon                  *float64
	limit                     *int
}

// fieldErrs collects field -> message key.
type fieldErrs map[string]string

func (e fieldErrs) err() error {
	if len(e) == 0 {
		return nil
	}
	return apperr.InvalidFields(e)
}

func (in ActivityInput) check() (activityClean, fieldErrs) {
	errs := fieldErrs{}
	c := activityClean{title: clean(in.Title), description: strings.TrimSpace(in.Description), place: clean(in.Place)}
	checkTitle(errs, c.title)
	checkText(errs, "description", c.description, DescriptionMax)
	checkText(errs, "place", c.place, PlaceMax)
	if c.place == "" {
		errs["place"] = "volunteer.place.required"
	}
	c.start, c.end = checkWindow(errs, in.Start, in.End)
	c.lat, c.lon = checkCoordinates(errs, in.Lat, in.Lon)
	if s := strings.TrimSpace(in.Limit); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil || n < 1:
			errs["limit"] = "volunteer.limit.range"
		case n > LimitMax:
			errs["limit"] = "volunteer.limit.range"
		default:
			c.limit = &n
		}
	}
	return c, errs
}

// taskClean is a checked TaskInput.
type taskClean struct {
	title, description, bring string
	start, end                time.Time
	capacity                  int
}

func (in TaskInput) check() (taskClean, fieldErrs) {
	errs := fieldErrs{}
	c := taskClean{title: clean(in.Title), description: strings.TrimSpace(in.Description), bring: strings.TrimSpace(in.Bring)}
	checkTitle(errs, c.title)
	checkText(errs, "description", c.description, DescriptionMax)
	checkText(errs, "bring", c.bring, BringMax)
	c.start, c.end = checkWindow(errs, in.Start, in.End)
	n, err := strconv.Atoi(strings.TrimSpace(in.Capacity))
	if err != nil || n < CapacityMin || n > CapacityMax {
		errs["capacity"] = "volunteer.capacity.range"
	}
	c.capacity = n
	return c, errs
}

// clean trims s and folds runs of white space to one space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func checkTitle(errs fieldErrs, title string) {
	n := utf8.RuneCountInString(title)
	switch {
	case n == 0:
		errs["title"] = "volunteer.title.required"
	case n < TitleMin:
		errs["title"] = "volunteer.title.too_short"
	case n > TitleMax:
		errs["title"] = "volunteer.title.too_long"
	case hasControl(title):
		errs["title"] = "volunteer.text.control"
	}
}

func checkText(errs fieldErrs, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		errs[field] = "volunteer." + field + ".too_long"
	} else if !utf8.ValidString(s) || hasControl(strings.NewReplacer("\n", "", "\r", "", "\t", "").Replace(s)) {
		errs[field] = "volunteer.text.control"
	}
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) >= 0
}

// checkWindow parses start and end as Amsterdam times; the end must come
// after the start.
func checkWindow(errs fieldErrs, start, end string) (time.Time, time.Time) {
	s, err := time.ParseInLocation(FormTime, strings.TrimSpace(start), Zone)
	if err != nil {
		errs["start"] = "volunteer.start.invalid"
	}
	e, err := time.ParseInLocation(FormTime, strings.TrimSpace(end), Zone)
	if err != nil {
		errs["end"] = "volunteer.end.invalid"
	}
	if errs["start"] == "" && errs["end"] == "" && !e.After(s) {
		errs["end"] = "volunteer.end.before_start"
	}
	return s.UTC(), e.UTC()
}

// checkCoordinates accepts both coordinates or neither.
func checkCoordinates(errs fieldErrs, lat, lon string) (*float64, *float64) {
	lat, lon = strings.TrimSpace(lat), strings.TrimSpace(lon)
	if lat == "" && lon == "" {
		return nil, nil
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || la < -90 || la > 90 || la != la {
		errs["lat"] = "volunteer.lat.invalid"
	}
	if err2 != nil || lo < -180 || lo > 180 || lo != lo {
		errs["lon"] = "volunteer.lon.invalid"
	}
	if errs["lat"] != "" || errs["lon"] != "" {
		return nil, nil
	}
	return &la, &lo
}

// Input returns the activity as a filled-in edit form.
func (a Activity) Input() ActivityInput {
	in := ActivityInput{Title: a.Title, Description: a.Description, Start: FormValue(a.StartsAt),
		End: FormValue(a.EndsAt), Place: a.Place}
	if a.Lat != nil && a.Lon != nil {
		in.Lat, in.Lon = strconv.FormatFloat(*a.Lat, 'f', -1, 64), strconv.FormatFloat(*a.Lon, 'f', -1, 64)
	}
	if a.Limit != nil {
		in.Limit = strconv.Itoa(*a.Limit)
	}
	return in
}

// Input returns the task as a filled-in edit form.
func (t Task) Input() TaskInput {
	in := TaskInput{Title: t.Title, Description: t.Description, Bring: t.Bring, Start: FormValue(t.StartsAt),
		End: FormValue(t.EndsAt), Capacity: strconv.Itoa(t.Capacity)}
	if t.ActivityID != nil {
		in.ActivityID = t.ActivityID.String()
	}
	return in
}
