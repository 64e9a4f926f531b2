export { geocodeDocument, namesOf, placesStage, runPlaces, toponymsOf, type Toponym } from "./places.js";
export { chooseEventPlaces, LOCATION_WEIGHTS, placeMentions, scorePlace } from "./location.js";
