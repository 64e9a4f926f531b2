export { geocodeEntities, namesOf, placesStage, runPlaces } from "./places.js";
export { chooseEventPlaces, LOCATION_WEIGHTS, placeMentions, scorePlace } from "./location.js";
